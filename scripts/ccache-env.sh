# Sourced by the build scripts: compile through ccache when it is installed
# (scripts/deps.sh installs it), with its cache outside the checkout, so that
# a second build, in this checkout or in a clone in another folder, compiles
# only what changed. /var/cache/truepipe/ccache for root (CI), else under
# ~/.cache; TRUEPIPE_CCACHE_DIR to put it elsewhere. It applies to build folders
# configured after it (CMake reads the launcher when it first configures one).
if command -v ccache > /dev/null; then
    if [ "$(id -u)" -eq 0 ]; then
        export CCACHE_DIR="${TRUEPIPE_CCACHE_DIR:-/var/cache/truepipe/ccache}"
    else
        export CCACHE_DIR="${TRUEPIPE_CCACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/truepipe/ccache}"
    fi
    # Paths inside the checkout are hashed relative to it.
    export CCACHE_BASEDIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)" CCACHE_NOHASHDIR=1 CCACHE_MAXSIZE=4G
    export CMAKE_CXX_COMPILER_LAUNCHER=ccache
fi
