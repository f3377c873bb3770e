#!/usr/bin/env bash
# Makes one minimal Debian root filesystem for the clean-machine tests, or
# leaves it alone when it is already there and complete.
#
#   make_root.sh NAME DIR            make it, unless it is there and current
#   make_root.sh --status NAME DIR   only say whether it is current (exit 0) or
#                                    would be made anew, and why (exit 1)
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
#
# A kept root is current when its stamp names this recipe (a hash of this file,
# so any change to how roots are made makes them anew), it is younger than
# TRUEPIPE_ROOT_MAX_AGE_DAYS (14: Debian's updates of LibreOffice reach the
# tests within two weeks), and the programs it is for are in it. Otherwise it
# is stale and made anew.
set -euo pipefail
status_only=0
if [ "${1:-}" = --status ]; then
    status_only=1
    shift
fi
name="$1"
dir="$2"
mirror="${TRUEPIPE_DEBIAN_MIRROR:-}"
max_age_days="${TRUEPIPE_ROOT_MAX_AGE_DAYS:-14}"

case "$name" in
    bookworm|bookworm-backports) suite=bookworm ;;
    trixie|trixie-build) suite=trixie ;;
    *) echo "make_root.sh: unknown root $name" >&2; exit 2 ;;
esac

case "$name" in
    trixie-build) programs=(usr/bin/g++ usr/bin/cmake usr/bin/ccache) ;;
    *) programs=(usr/lib/libreoffice/program/soffice.bin usr/bin/python3) ;;
esac

# The stamp is written last, so a root whose making was interrupted is made anew.
stamp="$dir/.truepipe-root"
recipe="$name $(sha256sum < "${BASH_SOURCE[0]}" | cut -c1-16)"
stale_because() {
    if [ ! -f "$stamp" ]; then
        echo "it has no stamp (never made, or its making was interrupted)"
    elif [ "$(cat "$stamp")" != "$recipe" ]; then
        echo "it was made by another recipe ($(cat "$stamp"), now $recipe)"
    elif [ -n "$(find "$stamp" -mtime "+$((max_age_days - 1))")" ]; then
        echo "it is older than $max_age_days days"
    else
        local program
        for program in "${programs[@]}"; do
            [ -x "$dir/$program" ] || { echo "/$program is missing"; return; }
        done
    fi
}
reason="$(stale_because)"
if [ $status_only -eq 1 ]; then
    [ -z "$reason" ] && { echo "$name: current"; exit 0; }
    echo "$name: stale: $reason"
    exit 1
fi
[ -z "$reason" ] && exit 0
[ ! -e "$dir" ] || echo "clean-machine: the $name root is stale: $reason"

# A run that was stopped may have left something bound inside (the checkout, a
# compiler cache): unmount it first, so that nothing is removed through it.
if [ -d "$dir" ]; then
    { findmnt -rn -o TARGET | grep -F "$(realpath "$dir")/" || true; } | sort -r | while read -r point; do
        umount -l "$point"
    done
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
        packages=(cmake g++ make pkgconf libreoffice-dev libboost-dev libfmt-dev doctest-dev ccache) ;;
esac
as_root "$dir" apt-get update -qq >> "$dir.log" 2>&1
as_root "$dir" apt-get install "${apt_options[@]}" "${packages[@]}" >> "$dir.log" 2>&1 \
    || { tail -20 "$dir.log" >&2; exit 1; }
as_root "$dir" apt-get clean
echo "$recipe" > "$stamp"
echo "clean-machine: $name root made in $(( $(date +%s) - start )) s, $(du -sm "$dir" | cut -f1) MB"
