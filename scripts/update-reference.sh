#!/bin/bash
# Writes the README's function reference blocks again from the function catalog
# (formulas/src/catalog.cpp). The unit test unit.readme fails until this has
# been run after a catalog change.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="$root/build"
[ -f "$build/CMakeCache.txt" ] || cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DTRUEPIPE_WERROR=ON > /dev/null
cmake --build "$build" --target truepipe_catalog > /dev/null
"$build/formulas/truepipe_catalog" readme "$root/README.md"
