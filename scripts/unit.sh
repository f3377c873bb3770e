#!/usr/bin/env bash
# The edit-test loop: builds only the unit tests in build/ (the build of
# scripts/build.sh: g++, RelWithDebInfo, warnings as errors) and runs them, two
# at a time. After a change to one source file this takes seconds, not the
# whole of scripts/test.sh.
#
#   scripts/unit.sh [AREA]    e.g. rules_parser: only unit.rules_parser; default: every area
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
"$root/scripts/deps.sh"
# shellcheck source=ccache-env.sh
source "$root/scripts/ccache-env.sh"
cmake -S "$root" -B "$root/build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DTRUEPIPE_WERROR=ON > /dev/null
cmake --build "$root/build" --target truepipe_unit_tests -j "$(nproc)"
ctest --test-dir "$root/build" --output-on-failure -j "$(nproc)" -R "^unit\.${1:-}"
