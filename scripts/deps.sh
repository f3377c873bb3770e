#!/usr/bin/env bash
# Installs the Debian 12 packages truepipe needs, only those missing.
# `deps.sh bench` adds what scripts/bench.sh needs: gnuplot.
set -euo pipefail

packages=(
    cmake g++ make pkgconf                      # build tools (g++ brings libasan8, libubsan1)
    libreoffice-dev libboost-dev libfmt-dev     # SDK, Spirit X3, fmt
    doctest-dev                                 # unit tests
    libreoffice-calc python3-uno                # running Calc headless and driving it
    fonts-dejavu-core                           # text in the exported PDF
    poppler-utils                               # pdftotext: the tests read the Dashboard PDF
    clang                                       # the build types are also built with clang
    # clang-14 only recommends its runtimes: LeakSanitizer, ThreadSanitizer (the
    # leak and thread presets), ASan, UBSan and libFuzzer are in libclang-rt-14-dev;
    # llvm-14 has the symbolizer that makes their reports readable.
    libclang-rt-14-dev llvm-14
    debootstrap                                 # the clean-machine tests' Debian roots
    ccache                                      # scripts/test.sh compiles every build through it
)
if [ "${1:-}" = bench ]; then
    packages+=(gnuplot-nox)                     # the chart of scripts/bench.sh
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
