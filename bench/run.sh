#!/usr/bin/env bash
# `npm run bench`: builds the agent, makes sure a Docker engine answers and the local images exist,
# then runs every benchmark in bench/ one after the other (vitest, bench/vitest.config.ts). Each
# prints its result as JSON with the machine it ran on; docs/benchmarks.md records them.
# Extra arguments go to vitest: `npm run bench -- bench/restart.bench.ts`.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export TESTCONTAINERS_RYUK_DISABLED=true
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then npm ci; else npm run build; fi
bash scripts/ensure-docker.sh
bash scripts/build-images.sh
# The runtime-class benchmark: crun registered with the engine, and podman beside it (Debian's, with
# catatonit for its pause image; installed here when missing, as root with apt-get).
bash scripts/ensure-crun.sh
if ! command -v podman >/dev/null 2>&1 && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends podman catatonit >/dev/null
fi
npx vitest run --config bench/vitest.config.ts --reporter verbose "$@"
