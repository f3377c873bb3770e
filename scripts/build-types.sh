#!/usr/bin/env bash
# Builds every build type with both compilers, warnings as errors, and runs the
# unit tests, corpus replays and package checks of each: Debug, Release and
# RelWithDebInfo with g++ and clang++, in build-types/<compiler>-<type>/.
# scripts/build.sh (g++ RelWithDebInfo, build/) and scripts/release.sh (g++
# Release as a packager builds it, build-release/) are the other two builds
# that scripts/test.sh runs; this script builds the remaining four.
#
#   scripts/build-types.sh [COMPILER-TYPE ...]   e.g. clang++-Debug; default: the four
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
"$root/scripts/deps.sh"
combos=("$@")
[ ${#combos[@]} -gt 0 ] || combos=(g++-Debug clang++-Debug clang++-Release clang++-RelWithDebInfo)
for combo in "${combos[@]}"; do
    compiler="${combo%-*}"
    type="${combo##*-}"
    dir="$root/build-types/$combo"
    start=$(date +%s)
    cmake -S "$root" -B "$dir" -DCMAKE_CXX_COMPILER="$compiler" -DCMAKE_BUILD_TYPE="$type" \
          -DTRUEPIPE_WERROR=ON > /dev/null
    cmake --build "$dir" -j "$(nproc)" > "$dir/build.log" 2>&1 || { tail -60 "$dir/build.log"; exit 1; }
    ctest --test-dir "$dir" --output-on-failure -R '^(unit|fuzz|package)\.'
    echo "build-types: $combo built and tested in $(( $(date +%s) - start )) s"
done
