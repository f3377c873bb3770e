#!/usr/bin/env bash
# Makes one minimal Debian root filesystem for the clean-machine tests, or
# leaves it alone when it is already there and complete.
#
#   make_root.sh NAME DIR
#
# NAME is one of:
#   bookworm          Debian 12 with its LibreOffice (7.4)
#   bookworm-backports Debian 12 with LibreOffice from bookworm-backports (25.2)
#   trixie            Debian 13 with its LibreOffice (25.2)
#   trixie-build      Debian 13 with the build tools and libraries, no LibreOffice program
#
# The user roots hold LibreOffice Calc and python3-uno (to drive it), no
# compiler; run.sh makes their user accounts anew for every run. The mirror is the one debootstrap uses
# by default, or TRUEPIPE_DEBIAN_MIRROR.
set -euo pipefail
name="$1"
dir="$2"
mirror="${TRUEPIPE_DEBIAN_MIRROR:-}"

case "$name" in
    bookworm|bookworm-backports) suite=bookworm ;;
    trixie|trixie-build) suite=trixie ;;
    *) echo "make_root.sh: unknown root $name" >&2; exit 2 ;;
esac

# The stamp is written last, so a root whose making was interrupted is made anew.
stamp="$dir/.truepipe-root"
recipe_version=1
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$name $recipe_version" ]; then
    exit 0
fi

rm -rf "$dir"
mkdir -p "$(dirname "$dir")"
start=$(date +%s)
echo "clean-machine: making the $name root in $dir"
# shellcheck disable=SC2086
debootstrap --variant=minbase --include=ca-certificates "$suite" "$dir" $mirror > "$dir.log" 2>&1 \
    || { tail -20 "$dir.log" >&2; exit 1; }

# shellcheck source=chroot.sh
source "$(dirname "$0")/chroot.sh"
if [ "$name" = bookworm-backports ]; then
    sed -n 's/^deb \([^ ]*\) bookworm main$/deb \1 bookworm-backports main/p' \
        "$dir/etc/apt/sources.list" > "$dir/etc/apt/sources.list.d/backports.list"
fi
apt_options=(-y -qq --no-install-recommends -o Dpkg::Use-Pty=0)
case "$name" in
    bookworm|trixie)
        packages=(libreoffice-calc-nogui python3-uno) ;;
    bookworm-backports)
        packages=(-t bookworm-backports libreoffice-calc-nogui python3-uno) ;;
    trixie-build)
        packages=(cmake g++ make pkgconf libreoffice-dev libboost-dev libfmt-dev doctest-dev) ;;
esac
as_root "$dir" apt-get update -qq >> "$dir.log" 2>&1
as_root "$dir" apt-get install "${apt_options[@]}" "${packages[@]}" >> "$dir.log" 2>&1 \
    || { tail -20 "$dir.log" >&2; exit 1; }
as_root "$dir" apt-get clean
echo "$name $recipe_version" > "$stamp"
echo "clean-machine: $name root made in $(( $(date +%s) - start )) s, $(du -sm "$dir" | cut -f1) MB"
