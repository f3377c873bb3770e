#!/usr/bin/env bash
# Installs the Debian 12 packages truepipe needs, only those missing.
# `deps.sh fuzz` adds what scripts/fuzz.sh needs: clang 14 with libFuzzer;
# `deps.sh bench` what scripts/bench.sh needs: gnuplot.
set -euo pipefail

packages=(
    cmake g++ make pkgconf                      # build tools (g++ brings libasan8, libubsan1)
    libreoffice-dev libboost-dev libfmt-dev     # SDK, Spirit X3, fmt
    doctest-dev                                 # unit tests
    libreoffice-calc python3-uno                # running Calc headless and driving it
    fonts-dejavu-core                           # text in the exported PDF
    poppler-utils                               # pdftotext: the tests read the Dashboard PDF
    clang                                       # the build types are also built with clang
    debootstrap                                 # the clean-machine tests' Debian roots
)
if [ "${1:-}" = bench ]; then
    packages+=(gnuplot-nox)                     # the chart of scripts/bench.sh
fi
if [ "${1:-}" = fuzz ]; then
    # clang-14 only recommends its runtimes: libFuzzer, ASan and UBSan are in
    # libclang-rt-14-dev; llvm-14 has the symbolizer for readable reports.
    packages+=(clang libclang-rt-14-dev llvm-14)
fi

missing=()
for package in "${packages[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
        missing+=("$package")
    fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "Installing: ${missing[*]}"
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
