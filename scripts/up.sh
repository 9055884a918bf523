#!/usr/bin/env bash
# What `npm run up` runs: installs the npm dependencies and builds, makes sure a Docker engine answers
# (installing docker.io and starting dockerd on Debian as root), builds the local images, then runs the
# agent in the foreground on deploy/examples. Extra arguments go to `minikubelet run` (the last
# occurrence of a flag wins, e.g. `npm run up -- --root-dir /tmp/mk`).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci
else
  npm run build
fi
bash scripts/ensure-docker.sh
bash scripts/build-images.sh
exec ./bin/minikubelet run --manifest-dir deploy/examples --root-dir /var/lib/minikubelet "$@"
