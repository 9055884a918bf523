#!/usr/bin/env bash
# Makes sure a Docker engine answers on /var/run/docker.sock.
# On a fresh Debian machine (as root) it installs docker.io and starts dockerd in the background.
set -euo pipefail
log() { echo "[ensure-docker] $*" >&2; }

engine_answers() { command -v docker >/dev/null 2>&1 && timeout 5 docker version --format '{{.Server.Version}}' >/dev/null 2>&1; }

if engine_answers; then exit 0; fi

if ! command -v dockerd >/dev/null 2>&1; then
  if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
    log "no Docker engine answers and dockerd is not installed; install Docker Engine and start it, then retry"
    exit 1
  fi
  log "installing docker.io from Debian's packages"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq docker.io >/dev/null
fi

if ! engine_answers; then
  if command -v systemctl >/dev/null 2>&1 && systemctl is-system-running >/dev/null 2>&1; then
    systemctl start docker || true
  fi
fi
if ! engine_answers; then
  log "starting dockerd in the background (log: /var/log/minikubelet-dockerd.log)"
  nohup dockerd >/var/log/minikubelet-dockerd.log 2>&1 &
fi
for _ in $(seq 1 60); do
  if engine_answers; then log "engine is up: $(docker version --format '{{.Server.Version}}')"; exit 0; fi
  sleep 1
done
log "dockerd did not answer within 60 s; see /var/log/minikubelet-dockerd.log"
exit 1
