#!/usr/bin/env bash
# The edit-test loop: builds only the unit tests, in build-debug/ (g++ Debug:
# assertions on, no optimisation to wait for; warnings as errors), and runs
# them two at a time. After a change to one source file this takes seconds, and
# under a minute after a change to a header that nearly every source includes.
#
#   scripts/unit.sh [AREA]    e.g. rules_parser: build and run only unit.rules_parser; default: every area
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
"$root/scripts/deps.sh"
# shellcheck source=ccache-env.sh
source "$root/scripts/ccache-env.sh"
build="$root/build-debug"
cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Debug -DTRUEPIPE_WERROR=ON > /dev/null
if [ -n "${1:-}" ]; then
    cmake --build "$build" --target "test_$1" -j "$(nproc)"
    ctest --test-dir "$build" --output-on-failure -R "^unit\.$1\$"
else
    cmake --build "$build" --target truepipe_unit_tests -j "$(nproc)"
    ctest --test-dir "$build" --output-on-failure -j "$(nproc)" -R "^unit\."
fi
