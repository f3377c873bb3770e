# Sourced by the clean-machine scripts: enter a root made by make_root.sh (as
# root or as a user; with /proc, /dev and a fresh /dev/shm mounted for programs
# that need them) and leave nothing mounted behind.

mounted_roots=()

unmount_roots() {
    local root
    for root in "${mounted_roots[@]}"; do
        for point in dev/shm dev/pts dev proc src ccache; do
            mountpoint -q "$root/$point" && umount -l "$root/$point"
        done
    done
    mounted_roots=()
}

mount_root() {
    local root="$1"
    mountpoint -q "$root/proc" || mount --bind /proc "$root/proc"
    mountpoint -q "$root/dev" || mount --bind /dev "$root/dev"
    mountpoint -q "$root/dev/pts" || mount -t devpts devpts "$root/dev/pts" -o newinstance 2>/dev/null || true
    mountpoint -q "$root/dev/shm" || mount -t tmpfs -o mode=1777 tmpfs "$root/dev/shm"
    mounted_roots+=("$root")
}

# as_root ROOT COMMAND...: run as root in the root, with a clean environment.
as_root() {
    local root="$1"
    shift
    chroot "$root" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root \
        DEBIAN_FRONTEND=noninteractive LANG=C.UTF-8 "$@"
}

# as_user ROOT USER COMMAND...: run as a normal user with a login-like environment.
as_user() {
    local root="$1" user="$2"
    shift 2
    chroot --userspec="$user:$user" "$root" /usr/bin/env -i HOME="/home/$user" USER="$user" \
        LOGNAME="$user" PATH=/usr/local/bin:/usr/bin:/bin LANG=C.UTF-8 "$@"
}

# fresh_user ROOT USER: an account that has never run anything.
fresh_user() {
    local root="$1" user="$2"
    chroot "$root" /usr/sbin/userdel --remove "$user" > /dev/null 2>&1 || true
    rm -rf "${root:?}/home/$user"
    chroot "$root" /usr/sbin/useradd --create-home --shell /bin/bash "$user"
}
