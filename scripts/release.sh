#!/usr/bin/env bash
# Writes the release package, dist/truepipe-<version>-linux_x86_64.oxt, and its
# debug information beside it (dist/truepipe-<version>-linux_x86_64-debug/).
# Builds Release in build-release/ as a packager would (a plain cmake build,
# warnings not errors, -g in the flags as distributions pass it so that the
# debug file beside the package holds full debug information), then runs the
# tests against that build.
#
#   scripts/release.sh [CMAKE_OPTION...]   e.g. -DTRUEPIPE_WERROR=ON, as scripts/test.sh
#                                          builds it: warnings as errors change no code
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
"$root/scripts/deps.sh"
cmake -S "$root" -B "$root/build-release" -DCMAKE_BUILD_TYPE=Release -DCMAKE_CXX_FLAGS=-g "$@" > /dev/null
cmake --build "$root/build-release" -j "$(nproc)"
ctest --test-dir "$root/build-release" --output-on-failure -j "$(nproc)"
cmake --build "$root/build-release" --target truepipe_release
version="$(sed -n 's/^CMAKE_PROJECT_VERSION:STATIC=//p' "$root/build-release/CMakeCache.txt")"
debug="$root/dist/truepipe-$version-linux_x86_64-debug/truepipe.uno.so.debug"
if ! readelf --wide --section-headers "$debug" | grep -q '\.debug_info'; then
    echo "release.sh: $debug has no debug information" >&2
    exit 1
fi
