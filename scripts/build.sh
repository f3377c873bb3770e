#!/usr/bin/env bash
# Configures and builds everything into build/ (the .oxt is build/truepipe.oxt).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
"$root/scripts/deps.sh"
# shellcheck source=ccache-env.sh
source "$root/scripts/ccache-env.sh"
cmake -S "$root" -B "$root/build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DTRUEPIPE_WERROR=ON > /dev/null
cmake --build "$root/build" -j "$(nproc)"
