#!/usr/bin/env bash
# crun, registered with the engine as the Docker runtime `crun`: what the RuntimeClass tests and the
# crun benchmark run pods with (`--runtime-classes crun=crun`). Installs Debian's crun when missing,
# adds it to "runtimes" in /etc/docker/daemon.json (keeping what is there) and has dockerd reload
# the file (SIGHUP: runtimes are reloadable, no container stops). Skipped with a note where this
# cannot be done (not root, no apt-get): the tests that need crun then say so and skip.
set -euo pipefail
log() { echo "[ensure-crun] $*" >&2; }
DAEMON_JSON=/etc/docker/daemon.json

runtime_known() { docker info --format '{{json .Runtimes}}' 2>/dev/null | grep -q '"crun"'; }

# A cgroup v1 host in hybrid mode (v1 controllers, and the unified v2 hierarchy mounted at
# /sys/fs/cgroup/unified) whose v2 root still offers a controller no v1 hierarchy took (hugetlb on
# the CI machine): crun refuses every container there ("cgroups in hybrid mode not supported, drop
# all controllers from cgroupv2"). Such a controller, enabled for no v2 cgroup, is mounted as a v1
# hierarchy of its own, as systemd's hybrid mode does with every controller; runc uses it too. Not
# kept across a reboot: this script runs before every test run.
hybrid_controllers_to_v1() {
  local unified=/sys/fs/cgroup/unified controller
  [ "$(id -u)" = 0 ] && [ -f "$unified/cgroup.controllers" ] || return 0
  for controller in $(cat "$unified/cgroup.controllers"); do
    if grep -qw "$controller" "$unified/cgroup.subtree_control"; then
      log "the v2 hierarchy uses the $controller controller: left there (crun will refuse this host)"
      continue
    fi
    mkdir -p "/sys/fs/cgroup/$controller"
    if mount -t cgroup -o "$controller" cgroup "/sys/fs/cgroup/$controller"; then
      log "mounted the $controller controller as a cgroup v1 hierarchy (/sys/fs/cgroup/$controller): crun refuses a hybrid host whose v2 root offers controllers"
    else
      log "could not mount $controller as a v1 hierarchy; crun will refuse this host"
    fi
  done
}
hybrid_controllers_to_v1

if runtime_known; then exit 0; fi
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  log "crun is not registered with the engine and cannot be set up here (needs root and apt-get); the crun tests will skip"
  exit 0
fi
if ! command -v crun >/dev/null 2>&1; then
  log "installing crun from Debian's packages"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends crun >/dev/null
fi
mkdir -p "$(dirname "$DAEMON_JSON")"
CRUN_PATH="$(command -v crun)" DAEMON_JSON="$DAEMON_JSON" node -e '
  const fs = require("node:fs");
  const file = process.env.DAEMON_JSON;
  const config = fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, "utf8") || "{}") : {};
  config.runtimes = { ...(config.runtimes ?? {}), crun: { path: process.env.CRUN_PATH } };
  fs.writeFileSync(file + ".tmp", JSON.stringify(config, null, 2) + "\n");
  fs.renameSync(file + ".tmp", file);
'
log "registered crun in $DAEMON_JSON; reloading dockerd"
if [ -d /run/systemd/system ] && command -v systemctl >/dev/null 2>&1; then
  systemctl reload docker
else
  for pid in $(grep -lx dockerd /proc/[0-9]*/comm 2>/dev/null | cut -d/ -f3); do kill -HUP "$pid"; done
fi
for _ in $(seq 1 20); do
  if runtime_known; then log "engine runtimes: $(docker info --format '{{json .Runtimes}}')"; exit 0; fi
  sleep 0.5
done
log "dockerd did not pick crun up after a reload; see its log. The crun tests will skip"
exit 0
