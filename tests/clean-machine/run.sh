#!/usr/bin/env bash
# The clean-machine tests: the release package installed by a normal user, as
# the README says, on minimal Debian roots that hold only LibreOffice (and
# python3-uno to drive it), and the example workbooks compared cell by cell
# with the same run on this machine. Then removal, reinstallation, an update in
# place, and the first-install trap on an account that never ran LibreOffice.
#
#   tests/clean-machine/run.sh PACKAGE.oxt [ROOT...]
#
# ROOT is bookworm (LibreOffice 7.4), bookworm-backports (25.2) or trixie
# (Debian 13, 25.2); all three by default. The roots are made once with
# debootstrap and kept in $TRUEPIPE_ROOTS (/var/cache/truepipe/roots), outside
# the checkout. Needs root (debootstrap, chroot, mount).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
source_dir="$(cd "$here/../.." && pwd)"
roots="${TRUEPIPE_ROOTS:-/var/cache/truepipe/roots}"
package="$(realpath "$1")"
shift
names=("$@")
[ ${#names[@]} -gt 0 ] || names=(bookworm bookworm-backports trixie)
[ "$(id -u)" -eq 0 ] || { echo "clean-machine: needs root (debootstrap, chroot, mount)" >&2; exit 1; }
# shellcheck source=chroot.sh
source "$here/chroot.sh"
scratch="$(mktemp -d /tmp/truepipe-clean-machine-XXXXXX)"
trap 'unmount_roots; rm -rf "$scratch"' EXIT

start=$(date +%s)
/usr/bin/python3 "$here/workbook_cells.py" --oxt "$package" --examples "$source_dir/examples" \
    --out "$scratch/reference.json"
older="$scratch/truepipe-0.0.1-linux_x86_64.oxt"
/usr/bin/python3 "$here/repackage.py" "$package" "$older" 0.0.1
echo "clean-machine: reference run on this machine took $(( $(date +%s) - start )) s"

summary=()
for name in "${names[@]}"; do
    root="$roots/$name"
    made=$(date +%s)
    "$here/make_root.sh" "$name" "$root"
    made=$(( $(date +%s) - made ))
    tested=$(date +%s)
    mount_root "$root"
    office_version=$(chroot "$root" dpkg-query -W -f='${Version}' libreoffice-calc-nogui | sed 's/^[0-9]*://; s/[-~+].*//')
    debian=$(cat "$root/etc/debian_version")
    label="Debian $debian, LibreOffice $office_version"
    # The README's table of tested systems names each root's LibreOffice series.
    case "$name" in
        bookworm) row="Debian 12 (bookworm)" ;;
        bookworm-backports) row="Debian 12 with bookworm-backports" ;;
        trixie) row="Debian 13 (trixie)" ;;
    esac
    # A manager's machine: no compiler, no build tools, no libfmt.
    for tool in cc gcc g++ c++ clang make cmake; do
        if chroot "$root" /bin/sh -c "command -v $tool" > /dev/null; then
            echo "clean-machine: the $name root has $tool: it is not a clean machine" >&2
            exit 1
        fi
    done
    if chroot "$root" /bin/sh -c 'ls /usr/lib/x86_64-linux-gnu/libfmt.so*' > /dev/null 2>&1; then
        echo "clean-machine: the $name root has libfmt: it is not a clean machine" >&2
        exit 1
    fi
    series="$(echo "$office_version" | cut -d. -f1-2)"
    if ! grep -qF "| $row | $series (" "$source_dir/README.md"; then
        echo "clean-machine: the README's table does not list $row with LibreOffice $series" >&2
        exit 1
    fi
    rm -rf "$root/opt/truepipe-test"
    mkdir -p "$root/opt/truepipe-test"
    cp "$source_dir/scripts/office.py" "$here/workbook_cells.py" "$here/user_session.py" \
       "$source_dir/README.md" "$scratch/reference.json" "$root/opt/truepipe-test/"
    chmod -R a+rX "$root/opt/truepipe-test"
    session=(/usr/bin/python3 /opt/truepipe-test/user_session.py --readme /opt/truepipe-test/README.md
             --reference /opt/truepipe-test/reference.json --label "$label")
    # manager goes through install, removal and update; newcomer, a second
    # account that has never run LibreOffice, meets the first-install trap.
    for user in manager newcomer; do
        fresh_user "$root" "$user"
        home="$root/home/$user"
        mkdir -p "$home/Downloads" "$home/Documents"
        cp "$package" "$older" "$home/Downloads/"
        cp "$source_dir/examples/worked-example.ods" "$source_dir/examples/pipeline-template.ods" "$home/Documents/"
        chroot "$root" chown -R "$user:$user" "/home/$user"
        scenario=full
        [ "$user" = manager ] || scenario=first-install-trap
        as_user "$root" "$user" "${session[@]}" --scenario "$scenario" \
            --package "/home/$user/Downloads/$(basename "$package")" \
            --older "/home/$user/Downloads/$(basename "$older")" --documents "/home/$user/Documents"
    done
    unmount_roots
    summary+=("$name ($label): root ready in $made s, tested in $(( $(date +%s) - tested )) s")
done
echo "clean-machine: all passed in $(( $(date +%s) - start )) s"
printf '  %s\n' "${summary[@]}"
