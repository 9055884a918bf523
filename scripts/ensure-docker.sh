#!/usr/bin/env bash
# Makes sure a Docker engine answers (DOCKER_HOST or /var/run/docker.sock).
# On a fresh Debian machine, as root, it installs docker.io and starts dockerd: through systemd when
# systemd runs, otherwise in the background in its own session (so a Ctrl-C on `npm test` does not
# take the engine down). Log of a background dockerd: /var/log/minikubelet-dockerd.log.
set -euo pipefail
log() { echo "[ensure-docker] $*" >&2; }
DOCKERD_LOG=/var/log/minikubelet-dockerd.log

engine_answers() { command -v docker >/dev/null 2>&1 && timeout 5 docker version --format '{{.Server.Version}}' >/dev/null 2>&1; }

# /proc rather than pgrep: procps is not installed on minimal Debian images.
dockerd_running() { cat /proc/[0-9]*/comm 2>/dev/null | grep -qx dockerd; }

wait_for_engine() { # $1: seconds; $2=watch: give up early when no dockerd process is left
  local _
  for _ in $(seq 1 "$1"); do
    if engine_answers; then log "engine is up: Docker $(docker version --format '{{.Server.Version}}')"; return 0; fi
    if [ "${2:-}" = watch ] && ! dockerd_running; then return 1; fi
    sleep 1
  done
  return 1
}

start_background_dockerd() { # extra dockerd flags in "$@"
  log "starting dockerd $* in the background (log: $DOCKERD_LOG)"
  setsid nohup dockerd "$@" >>"$DOCKERD_LOG" 2>&1 </dev/null &
  sleep 1
  wait_for_engine 60 watch
}

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

if [ "$(id -u)" != 0 ]; then
  log "no Docker engine answers; start it (sudo systemctl start docker, or sudo dockerd) or add yourself to the docker group, then retry"
  exit 1
fi

if [ -d /run/systemd/system ] && command -v systemctl >/dev/null 2>&1; then
  systemctl start docker || true
  if wait_for_engine 60; then exit 0; fi
fi

# A dockerd from an earlier attempt may still be starting.
if dockerd_running && wait_for_engine 30; then exit 0; fi

if start_background_dockerd; then exit 0; fi
# Inside some containers overlayfs cannot be stacked; the vfs storage driver always works (slower).
if ! dockerd_running && start_background_dockerd --storage-driver=vfs; then exit 0; fi

log "dockerd did not answer within 60 s; last lines of $DOCKERD_LOG:"
tail -n 20 "$DOCKERD_LOG" >&2 || true
exit 1
