#!/usr/bin/env bash
# Builds truepipe from source and runs its unit tests and corpus replays in a
# Debian 13 root (GCC 14, Boost 1.83, fmt 10, LibreOffice 25.2's SDK), with
# warnings as errors, as the project's own scripts build. The root's own ccache
# keeps its objects in ROOTS_DIR/trixie-build.ccache (outside the root, so a
# root made anew keeps them), so a second run compiles only what changed.
#
#   build_from_source.sh ROOTS_DIR
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
source_dir="$(cd "$here/../.." && pwd)"
roots="$1"
root="$roots/trixie-build"
# shellcheck source=chroot.sh
source "$here/chroot.sh"
trap unmount_roots EXIT

"$here/make_root.sh" trixie-build "$root"
mount_root "$root"
mkdir -p "$root/src" "$root/ccache" "$roots/trixie-build.ccache"
mount --bind -o ro "$source_dir" "$root/src"
mount -o remount,bind,ro "$root/src"
mount --bind "$roots/trixie-build.ccache" "$root/ccache"
start=$(date +%s)
as_root "$root" /bin/bash -ec '
    echo "clean-machine: building on Debian $(cat /etc/debian_version) with $(g++ --version | head -1)"
    rm -rf /tmp/build
    export CCACHE_DIR=/ccache CCACHE_MAXSIZE=2G
    ccache --zero-stats > /dev/null
    cmake -S /src -B /tmp/build -DCMAKE_BUILD_TYPE=RelWithDebInfo -DTRUEPIPE_WERROR=ON \
          -DCMAKE_CXX_COMPILER_LAUNCHER=ccache > /dev/null
    cmake --build /tmp/build -j "$(nproc)" > /tmp/build.log 2>&1 || { tail -60 /tmp/build.log; exit 1; }
    ctest --test-dir /tmp/build --output-on-failure -j "$(nproc)" -R "^(unit|fuzz)\."
    ccache --print-stats | grep -E "^(direct_cache_hit|preprocessed_cache_hit|cache_miss)\s" | tr "\t\n" "= "; echo
'
echo "clean-machine: Debian 13 build and unit tests took $(( $(date +%s) - start )) s"
