#!/usr/bin/env bash
# Builds other build types, warnings as errors, and runs the unit tests, corpus
# replays and package checks of each, in build-types/<compiler>-<type>/.
# scripts/test.sh builds clang++-Debug with it: clang's warnings over all the
# code, the add-in among it, and the package checks of a library built without
# NDEBUG (assertions on: what a debug build imports). The release build (g++
# Release), the sanitize build (g++, assertions on) and the thread build (clang)
# are test.sh's other builds; docs/TESTING.md says what each one catches.
#
#   scripts/build-types.sh [COMPILER-TYPE ...]   e.g. g++-Debug clang++-Release; default: clang++-Debug
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
"$root/scripts/deps.sh"
combos=("$@")
[ ${#combos[@]} -gt 0 ] || combos=(clang++-Debug)
for combo in "${combos[@]}"; do
    compiler="${combo%-*}"
    type="${combo##*-}"
    dir="$root/build-types/$combo"
    start=$(date +%s)
    cmake -S "$root" -B "$dir" -DCMAKE_CXX_COMPILER="$compiler" -DCMAKE_BUILD_TYPE="$type" \
          -DTRUEPIPE_WERROR=ON > /dev/null
    cmake --build "$dir" -j "$(nproc)" > "$dir/build.log" 2>&1 || { tail -60 "$dir/build.log"; exit 1; }
    ctest --test-dir "$dir" --output-on-failure -j "$(nproc)" -R '^(unit|fuzz|package)\.'
    echo "build-types: $combo built and tested in $(( $(date +%s) - start )) s"
done
