#!/usr/bin/env bash
# Builds everything and runs every test:
#  1. build/ (g++, RelWithDebInfo, warnings as errors): unit tests, fuzz corpus
#     replays, the package checks and the integration tests in real headless
#     LibreOffice;
#  2. build-sanitize/: the unit tests and replays under AddressSanitizer and UBSan;
#  3. build-leak/: the unit tests and replays under clang's LeakSanitizer, where
#     any leak fails its test;
#  4. build-thread/: the unit tests under clang's ThreadSanitizer, among them
#     test_concurrency (every function from several threads at once), where any
#     data race fails its test;
#  5. scripts/release.sh: a Release build as a packager makes it (warnings not
#     errors), its tests, and the release package in dist/;
#  6. scripts/build-types.sh: Debug with g++, Debug, Release and RelWithDebInfo
#     with clang, warnings as errors, each with its unit tests;
#  7. the clean-machine tests: the release package installed by a normal user on
#     minimal Debian 12 (LibreOffice 7.4 and 25.2) and Debian 13 roots, and a
#     build from source with the unit tests on Debian 13 (GCC 14);
#  8. a smoke run of the benchmark (2,000 deals, build-bench/).
# The clean-machine tests need root (debootstrap, chroot): they run with sudo
# when the script is not run as root.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
elapsed() { echo "test.sh: $1 took $(( $(date +%s) - $2 )) s"; }

start=$(date +%s)
"$root/scripts/build.sh"
(cd "$root/build" && ctest --output-on-failure)
elapsed "build/ and its tests" "$start"

start=$(date +%s)
cd "$root"
cmake --preset sanitize > /dev/null
cmake --build --preset sanitize -j "$(nproc)"
ctest --preset sanitize
elapsed "the sanitize build and its tests" "$start"

start=$(date +%s)
cmake --preset leak > /dev/null
cmake --build --preset leak -j "$(nproc)"
ctest --preset leak
elapsed "the leak build and its tests" "$start"

start=$(date +%s)
cmake --preset thread > /dev/null
cmake --build --preset thread -j "$(nproc)"
ctest --preset thread
elapsed "the thread build and its tests" "$start"

start=$(date +%s)
"$root/scripts/release.sh"
version="$(sed -n 's/^CMAKE_PROJECT_VERSION:STATIC=//p' "$root/build-release/CMakeCache.txt")"
package="$root/dist/truepipe-$version-linux_x86_64.oxt"
elapsed "the release build, its tests and $(basename "$package")" "$start"

start=$(date +%s)
"$root/scripts/build-types.sh"
elapsed "the other build types" "$start"

start=$(date +%s)
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
$sudo "$root/tests/clean-machine/run.sh" "$package"
$sudo "$root/tests/clean-machine/build_from_source.sh" "${TRUEPIPE_ROOTS:-/var/cache/truepipe/roots}"
elapsed "the clean-machine tests" "$start"

"$root/scripts/bench.sh" --smoke
