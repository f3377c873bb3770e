#!/usr/bin/env bash
# Builds everything, then runs all tests: unit tests, the fuzz corpus replays and
# the integration tests in real headless LibreOffice. Then builds the unit tests
# and replays again with AddressSanitizer and UBSan (the sanitize preset, in
# build-sanitize/) and runs them: any sanitizer report fails the run. Last, a
# smoke run of the benchmark (2,000 deals, build-bench/): its checks that
# truepipe, the floors and the native formulas agree must hold.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
"$root/scripts/build.sh"
cd "$root/build"
ctest --output-on-failure

cd "$root"
cmake --preset sanitize > /dev/null
cmake --build --preset sanitize -j "$(nproc)"
ctest --preset sanitize

"$root/scripts/bench.sh" --smoke
