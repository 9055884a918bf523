#!/usr/bin/env bash
# Builds the local images minikubelet needs, with no registry:
#   minikubelet/busybox:1.35  a tiny root fs from Debian's busybox-static (docker import)
#   minikubelet/pause:3.10    the sandbox image from deploy/pause (static pause binary, FROM scratch)
# Idempotent: an image that already exists is kept unless --force is given.
# Tags are never `latest`: `latest` means imagePullPolicy Always, which fails with no registry.
set -euo pipefail
log() { echo "[build-images] $*" >&2; }

BUSYBOX_IMAGE=minikubelet/busybox:1.35
PAUSE_IMAGE=minikubelet/pause:3.10
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PAUSE_BIN="$ROOT/deploy/pause/build/pause"

force=false
for arg in "$@"; do
  case "$arg" in
    --force) force=true ;;
    -h|--help) echo "usage: $0 [--force]"; exit 0 ;;
    *) log "unknown argument: $arg (usage: $0 [--force])"; exit 2 ;;
  esac
done

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

image_exists() { docker image inspect "$1" >/dev/null 2>&1; }

needs_build() {
  if [ "$force" = false ] && image_exists "$1"; then
    log "$1 already exists (use --force to rebuild)"
    return 1
  fi
  return 0
}

apt_install() {
  if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
    log "missing: $*; install it (Debian: apt-get install -y $*) and retry"
    exit 1
  fi
  log "installing $* from Debian's packages"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "$@" >/dev/null
}

is_static() { [ -x "$1" ] && ! ldd "$1" >/dev/null 2>&1; }

# Prints the path of a statically linked busybox, installing busybox-static when there is none.
static_busybox() {
  local candidate
  for candidate in /bin/busybox /usr/bin/busybox; do
    if is_static "$candidate"; then echo "$candidate"; return; fi
  done
  if dpkg -s busybox >/dev/null 2>&1; then
    # The dynamic `busybox` package conflicts with busybox-static: unpack the .deb aside instead.
    log "a dynamic busybox is installed; unpacking busybox-static aside"
    (cd "$work" && { apt-get download busybox-static >/dev/null 2>&1 || { apt-get update -qq && apt-get download busybox-static >/dev/null; }; })
    dpkg-deb -x "$work"/busybox-static_*.deb "$work/busybox-static"
    echo "$work/busybox-static/bin/busybox"
    return
  fi
  apt_install busybox-static
  echo /bin/busybox
}

build_busybox() {
  needs_build "$BUSYBOX_IMAGE" || return 0
  local busybox rootfs applet
  busybox="$(static_busybox)"
  rootfs="$work/busybox-rootfs"
  mkdir -p "$rootfs"/{bin,etc,root,home,tmp,var,proc,sys,dev}
  cp "$busybox" "$rootfs/bin/busybox"
  # `busybox --install -s` would link to the host's absolute path; relative links work in the image.
  for applet in $("$busybox" --list); do
    [ "$applet" = busybox ] || ln -sf busybox "$rootfs/bin/$applet"
  done
  printf '%s\n' 'root:x:0:0:root:/root:/bin/sh' 'nobody:x:65534:65534:nobody:/home:/bin/false' >"$rootfs/etc/passwd"
  printf '%s\n' 'root:x:0:' 'nobody:x:65534:' >"$rootfs/etc/group"
  chmod 1777 "$rootfs/tmp"
  chmod 0700 "$rootfs/root"
  log "importing $BUSYBOX_IMAGE from $busybox ($("$busybox" 2>&1 | head -1 | cut -d' ' -f1-2))"
  tar --numeric-owner --owner=0 --group=0 -C "$rootfs" -c . |
    docker import \
      --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
      --change 'CMD ["sh"]' \
      - "$BUSYBOX_IMAGE" >/dev/null
}

# A C compiler and a static libc (libc.a, from libc6-dev) are both needed for `cc -static`.
can_link_static() {
  command -v cc >/dev/null 2>&1 &&
    echo 'int main(void) { return 0; }' | cc -static -x c -o "$work/probe" - >/dev/null 2>&1
}

# deploy/pause/build/pause, kept (gitignored) even when the image exists: the agent's ensurePauseImage
# and the agent image (scripts/build-agent-image.sh) use it, so they need no compiler.
compile_pause() {
  if [ "$force" = false ] && [ -x "$PAUSE_BIN" ] && [ "$PAUSE_BIN" -nt "$ROOT/deploy/pause/pause.c" ]; then return; fi
  can_link_static || apt_install gcc libc6-dev
  mkdir -p "$(dirname "$PAUSE_BIN")"
  log "compiling deploy/pause/pause.c (static)"
  cc -static -O2 -s -o "$PAUSE_BIN" "$ROOT/deploy/pause/pause.c"
}

build_pause() {
  compile_pause
  needs_build "$PAUSE_IMAGE" || return 0
  local context="$work/pause-context" output
  mkdir -p "$context"
  cp "$ROOT/deploy/pause/Dockerfile" "$PAUSE_BIN" "$context/"
  log "building $PAUSE_IMAGE"
  # Quiet on success: Docker 20.10's CLI warns that its legacy builder is deprecated.
  if ! output="$(docker build -q -t "$PAUSE_IMAGE" "$context" 2>&1)"; then
    echo "$output" >&2
    log "docker build of $PAUSE_IMAGE failed"
    exit 1
  fi
}

build_busybox
build_pause
log "images ready: $BUSYBOX_IMAGE $PAUSE_IMAGE"
