#!/usr/bin/env bash
# Tools the engine tests use besides Docker: Debian's docker-registry (a real registry on 127.0.0.1
# for the pull tests), htpasswd from apache2-utils (its password file), and for the systemd/cgroup
# v2 guest suite qemu (qemu-system-x86, qemu-utils) and debootstrap. Installed when missing.
set -euo pipefail
log() { echo "[ensure-test-tools] $*" >&2; }

missing=()
command -v docker-registry >/dev/null 2>&1 || missing+=(docker-registry)
command -v htpasswd >/dev/null 2>&1 || missing+=(apache2-utils)
command -v qemu-system-x86_64 >/dev/null 2>&1 || missing+=(qemu-system-x86)
command -v qemu-img >/dev/null 2>&1 || missing+=(qemu-utils)
command -v debootstrap >/dev/null 2>&1 || missing+=(debootstrap)
[ "${#missing[@]}" -eq 0 ] && exit 0

if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  log "missing: ${missing[*]}; install them (Debian packages docker-registry, apache2-utils) and retry"
  exit 1
fi
log "installing ${missing[*]} from Debian's packages"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
# The package's own service (on systemd hosts) is not needed: the tests start their own registries.
if [ -d /run/systemd/system ]; then systemctl disable --now docker-registry >/dev/null 2>&1 || true; fi
