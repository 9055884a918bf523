#!/usr/bin/env bash
# Builds the throwaway systemd guest the `guest` test project boots with qemu (test/helpers/guest.ts):
# Debian 12 from Debian's packages (debootstrap), systemd as PID 1 on the unified cgroup v2
# hierarchy, Docker (docker.io, systemd cgroup driver), Debian's standard kernel (the cloud kernel has
# no 9p: CONFIG_NET_9P is not set), the host's Node.js binary,
# and the project's images (minikubelet/busybox:1.35, minikubelet/pause:3.10, `docker save`d here
# and `docker load`ed at every boot: the guest is offline). The checkout is not copied: the guest
# mounts the host's directories over 9p at the same paths (the fstab lines come from the kernel
# command line, see guest-mounts below), so it runs the host's dist/ and node_modules/.
#
# Output, cached under /var/cache/minikubelet-guest/<recipe hash>/ and rebuilt only when the recipe
# changes (this script, the host's node binary, the two images):
#   rootfs.img   raw ext4 disk (root=/dev/vda; boot it with -snapshot so it stays pristine)
#   vmlinuz, initrd.img   for qemu -kernel/-initrd (no bootloader)
# Prints the cache directory on stdout. `--print-dir` prints it without building (exit 3 when the
# image is not built yet). Needs root, debootstrap, mkfs.ext4 and Debian's mirror.
#
# Safety: docker.io is installed in the chroot only after usr/sbin/policy-rc.d refuses every service
# start (exit 101), so no second dockerd ever starts beside the host's.
set -euo pipefail
log() { echo "[build-guest-image] $*" >&2; }

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CACHE_BASE="${MINIKUBELET_GUEST_CACHE:-/var/cache/minikubelet-guest}"
MIRROR="${MINIKUBELET_GUEST_MIRROR:-http://deb.debian.org/debian}"
SUITE=bookworm
IMAGES=(minikubelet/busybox:1.35 minikubelet/pause:3.10)
DISK_SIZE=4G
PACKAGES=systemd,systemd-sysv,dbus,docker.io,busybox-static,iproute2,iptables,procps,linux-image-amd64,initramfs-tools,ca-certificates,kmod

print_only=false
for arg in "$@"; do
  case "$arg" in
    --print-dir) print_only=true ;;
    -h|--help) echo "usage: $0 [--print-dir]"; exit 0 ;;
    *) log "unknown argument: $arg (usage: $0 [--print-dir])"; exit 2 ;;
  esac
done

NODE_BIN="$(readlink -f "$(command -v node)")"
image_ids() {
  local image
  for image in "${IMAGES[@]}"; do
    docker image inspect --format '{{.Id}}' "$image" 2>/dev/null || {
      log "image $image is missing on the host: run scripts/build-images.sh first"; exit 1; }
  done
}
recipe_hash() {
  { sha256sum "${BASH_SOURCE[0]}" | cut -d' ' -f1
    sha256sum "$NODE_BIN" | cut -d' ' -f1
    image_ids
    echo "$SUITE $PACKAGES $DISK_SIZE"
  } | sha256sum | cut -c1-16
}
OUT="$CACHE_BASE/$(recipe_hash)"
if [ -f "$OUT/rootfs.img" ] && [ -f "$OUT/vmlinuz" ] && [ -f "$OUT/initrd.img" ]; then
  echo "$OUT"; exit 0
fi
if [ "$print_only" = true ]; then echo "$OUT"; exit 3; fi

[ "$(id -u)" = 0 ] || { log "must run as root (debootstrap, chroot)"; exit 1; }
for tool in debootstrap mkfs.ext4 chroot; do
  command -v "$tool" >/dev/null 2>&1 || { log "missing: $tool (Debian: apt-get install -y debootstrap e2fsprogs)"; exit 1; }
done

started=$SECONDS
mkdir -p "$CACHE_BASE"
work="$(mktemp -d "$CACHE_BASE/build.XXXXXX")"
rootfs="$work/rootfs"
unmount_chroot() { local m; for m in dev/pts dev proc sys; do umount -l "$1/$m" 2>/dev/null || true; done; }
cleanup() { unmount_chroot "$rootfs"; rm -rf "$work"; }
trap cleanup EXIT

# Stage 1, the packages (minutes): debootstrap and apt-get, cached on its own under base-<hash>
# (the hash of this function's text and the package list), so editing the guest's configuration
# below does not download everything again.
build_base() {
  local dir="$1"
  log "debootstrap $SUITE (minbase) into $dir"
  debootstrap --variant=minbase "$SUITE" "$dir" "$MIRROR" >"$work/debootstrap.log" 2>&1 || {
    tail -20 "$work/debootstrap.log" >&2; log "debootstrap failed (mirror $MIRROR reachable?)"; return 1; }
  # Refuse every service start in the chroot BEFORE anything that ships a daemon is installed.
  printf '#!/bin/sh\nexit 101\n' >"$dir/usr/sbin/policy-rc.d"
  chmod 0755 "$dir/usr/sbin/policy-rc.d"
  mount -t proc proc "$dir/proc"
  mount -t sysfs sysfs "$dir/sys"
  mount --bind /dev "$dir/dev"
  mount --bind /dev/pts "$dir/dev/pts"
  log "installing ${PACKAGES//,/ }"
  chroot "$dir" env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
    ${PACKAGES//,/ } >"$work/apt.log" 2>&1 || { tail -30 "$work/apt.log" >&2; log "apt-get install in the chroot failed"; return 1; }
  chroot "$dir" apt-get clean
  unmount_chroot "$dir"
  if pgrep -x dockerd | xargs -r -I{} readlink /proc/{}/root | grep -q "^$dir"; then
    log "a dockerd started inside the chroot despite policy-rc.d: refusing to continue"; return 1
  fi
}
BASE="$CACHE_BASE/base-$({ declare -f build_base; echo "$SUITE $PACKAGES"; } | sha256sum | cut -c1-16)"
if [ ! -d "$BASE/rootfs" ]; then
  build_base "$rootfs"
  rm -rf "$BASE.tmp" && mkdir -p "$BASE.tmp" && cp -a "$rootfs" "$BASE.tmp/rootfs" && mv "$BASE.tmp" "$BASE"
else
  log "reusing the packages of $BASE"
  cp -a "$BASE/rootfs" "$rootfs"
fi

# Stage 2, the guest's configuration (seconds). policy-rc.d stays until the end.
log "configuring the guest"
cp "$NODE_BIN" "$rootfs/usr/local/bin/node"
echo minikubelet-guest >"$rootfs/etc/hostname"
printf '127.0.0.1 localhost\n127.0.1.1 minikubelet-guest\n' >"$rootfs/etc/hosts"
printf '/dev/vda / ext4 rw,errors=remount-ro 0 1\n' >"$rootfs/etc/fstab"
chroot "$rootfs" passwd -d root >/dev/null
ln -sf /dev/null "$rootfs/etc/systemd/system/systemd-timesyncd.service"
ln -sf /dev/null "$rootfs/etc/systemd/system/apt-daily.timer"
ln -sf /dev/null "$rootfs/etc/systemd/system/apt-daily-upgrade.timer"
ln -sf /dev/null "$rootfs/etc/systemd/system/e2scrub_reap.service"
mkdir -p "$rootfs/opt/minikubelet-guest"
# Loaded before local-fs.target: the shares' mount units must not race udev for the 9p transport.
printf '9p\n9pnet_virtio\n' >"$rootfs/etc/modules-load.d/9p.conf"
docker save "${IMAGES[@]}" -o "$rootfs/opt/minikubelet-guest/images.tar"

# 9p shares: the kernel command line names them (guest.shares=tag:/path,tag:/path); this generator
# turns them into mount units before local-fs.target, at the same path as on the host.
cat >"$rootfs/opt/minikubelet-guest/guest-mounts" <<'EOF'
#!/bin/sh
# systemd generator: mounts the 9p shares named by guest.shares= on the kernel command line.
out="$1"
for word in $(cat /proc/cmdline); do
  case "$word" in guest.shares=*) shares="${word#guest.shares=}" ;; esac
done
[ -n "${shares:-}" ] || exit 0
IFS=','
for share in $shares; do
  tag="${share%%:*}"; path="${share#*:}"
  unit="$(systemd-escape --path --suffix=mount "$path")"
  # The jobs share changes on the host side under the guest's feet: no caching there.
  case "$tag" in jobs) cache=none ;; *) cache=loose ;; esac
  cat >"$out/$unit" <<UNIT
[Unit]
Before=local-fs.target
[Mount]
What=$tag
Where=$path
Type=9p
Options=trans=virtio,version=9p2000.L,msize=262144,cache=$cache
UNIT
  mkdir -p "$out/local-fs.target.requires"
  ln -sf "../$unit" "$out/local-fs.target.requires/$unit"
done
EOF
chmod 0755 "$rootfs/opt/minikubelet-guest/guest-mounts"
mkdir -p "$rootfs/etc/systemd/system-generators"
ln -sf /opt/minikubelet-guest/guest-mounts "$rootfs/etc/systemd/system-generators/guest-mounts"

# The job runner: polls the jobs share (guest.jobs= on the command line) for N.sh, runs each in
# order with bash, writes N.out (stdout+stderr) then N.rc (exit code, written last, atomically).
cat >"$rootfs/opt/minikubelet-guest/job-runner" <<'EOF'
#!/bin/bash
set -u
for word in $(cat /proc/cmdline); do
  case "$word" in guest.jobs=*) jobs="${word#guest.jobs=}" ;; esac
done
[ -n "${jobs:-}" ] || { echo "no guest.jobs= on the kernel command line" >&2; exit 1; }
docker load -i /opt/minikubelet-guest/images.tar >"$jobs/images-load.log" 2>&1
echo "$?" >"$jobs/ready.tmp" && mv "$jobs/ready.tmp" "$jobs/ready"
# After a reboot, go on after the last job started (the one that rebooted never gets an rc).
next=1
while [ -f "$jobs/$next.started" ]; do next=$((next + 1)); done
while true; do
  if [ -f "$jobs/$next.sh" ]; then
    : >"$jobs/$next.started"
    (cd /root && bash "$jobs/$next.sh" >"$jobs/$next.out" 2>&1 </dev/null)
    echo "$?" >"$jobs/$next.rc.tmp" && mv "$jobs/$next.rc.tmp" "$jobs/$next.rc"
    next=$((next + 1))
  else
    sleep 0.2
  fi
done
EOF
chmod 0755 "$rootfs/opt/minikubelet-guest/job-runner"
cat >"$rootfs/etc/systemd/system/guest-job-runner.service" <<'EOF'
[Unit]
Description=Runs the host's test jobs from the 9p jobs share
Wants=docker.service
After=docker.service local-fs.target
[Service]
ExecStart=/opt/minikubelet-guest/job-runner
Restart=no
[Install]
WantedBy=multi-user.target
EOF
chroot "$rootfs" systemctl enable guest-job-runner.service docker.service >/dev/null 2>&1
rm -f "$rootfs/usr/sbin/policy-rc.d"

log "making the disk image"
kernel="$(ls "$rootfs"/boot/vmlinuz-* | sort -V | tail -1)"
cp "$kernel" "$work/vmlinuz"
cp "$rootfs/boot/initrd.img-${kernel##*/vmlinuz-}" "$work/initrd.img"
truncate -s "$DISK_SIZE" "$work/rootfs.img"
mkfs.ext4 -q -F -L guest-root -d "$rootfs" "$work/rootfs.img"
mkdir -p "$OUT"
mv "$work/vmlinuz" "$work/initrd.img" "$work/rootfs.img" "$OUT/"
# Older recipes' images and package stages are never booted again: keep only the current ones.
# Only this script's own names (<16 hex> and base-<16 hex>) are candidates, whatever the cache dir.
for stale in "$CACHE_BASE"/*; do
  if [ "$stale" != "$OUT" ] && [ "$stale" != "$BASE" ] && [[ "${stale##*/}" =~ ^(base-)?[0-9a-f]{16}$ ]]; then rm -rf "$stale"; fi
done
log "built $OUT in $((SECONDS - started)) s"
echo "$OUT"
