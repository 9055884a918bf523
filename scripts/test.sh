#!/usr/bin/env bash
# What `npm test` runs, here, on a fresh machine and in CI: installs or builds the project, lints it
# (eslint.config.js: type-checked rules and the layering of src/), makes sure a Docker engine
# answers, builds the local images, then runs every vitest project (unit and e2e in parallel, then
# faults alone, then node mode against a real control plane, then the systemd/cgroup v2 guest alone). Extra arguments go to vitest: `npm test -- --project unit`, `npm test -- test/e2e/pause-image.test.ts`.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
log() { echo "[test] $*" >&2; }

# Engine tests clean up by label themselves; testcontainers' reaper image cannot be pulled here.
export TESTCONTAINERS_RYUK_DISABLED=true

step=setup
summary() {
  local rc=$?
  if [ "$rc" = 0 ]; then log "PASSED in ${SECONDS}s"; else log "FAILED during $step (exit $rc) after ${SECONDS}s"; fi
}
trap summary EXIT

# npm writes node_modules/.package-lock.json at the end of every install: older than the lock file
# means the dependencies changed since. `npm ci` also builds dist/ (the `prepare` script).
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  step="npm ci"; npm ci
else
  step="npm run build"; npm run build
fi
step="npm run lint"; npm run lint
step="scripts/ensure-docker.sh"; bash scripts/ensure-docker.sh
step="scripts/ensure-test-tools.sh"; bash scripts/ensure-test-tools.sh
step="scripts/ensure-crun.sh"; bash scripts/ensure-crun.sh
step="scripts/build-images.sh"; bash scripts/build-images.sh
if [ "$#" -gt 0 ]; then
  step="vitest"; npx vitest run "$@"
else
  # Unit and e2e files run in parallel; the engine-fault tests restart dockerd, so they run alone after.
  step="vitest (unit, e2e)"; npx vitest run --project unit --project e2e
  # dockerd restarted under a running agent, and 100 pods at once: alone, one file after the other.
  step="vitest (faults)"; npx vitest run --project faults
  # Node mode against a real control plane (kube-apiserver 1.20 built from Debian's source once per
  # machine by scripts/build-control-plane.sh, cached in /var/cache/minikubelet-control-plane).
  step="scripts/build-control-plane.sh"; bash scripts/build-control-plane.sh >/dev/null
  step="vitest (cluster)"; npx vitest run --project cluster
  # A Debian 12 guest under qemu (systemd, cgroup v2, Docker's systemd driver), alone: it is heavy.
  # Builds scripts/build-guest-image.sh's image on first use; skips, saying why, without root/qemu/mirror.
  step="vitest (guest)"; npx vitest run --project guest
fi
