#!/usr/bin/env bash
# Builds the agent image minikubelet/agent:<version> from the Dockerfile, with no registry:
#  1. a base image minikubelet/node-base:<node version> imported from a root fs holding the host's
#     node binary (as /usr/local/bin/node) and the shared libraries ldd lists for it (once; kept);
#  2. a build context staged in a temp dir: bin/, dist/ (npm run build first when a source file is
#     newer than it; `npm test` has just built it, so a test run only copies it), deploy/ (with the
#     static pause binary scripts/build-images.sh compiles), and the production node_modules
#     (npm ci once per package-lock.json, kept in .build/agent-deps-<lock hash>);
#  3. docker build --build-arg BASE_IMAGE=<that base>, then a smoke run of the image.
# Usage: scripts/build-agent-image.sh [--force]   (--force re-imports the base image)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
log() { echo "[build-agent-image] $*" >&2; }

force=false
case "${1:-}" in
  --force) force=true ;;
  "") ;;
  *) log "usage: $0 [--force]"; exit 2 ;;
esac

node_bin="$(readlink -f "$(command -v node)")"
node_version="$("$node_bin" -p 'process.versions.node')"
base_image="minikubelet/node-base:$node_version"
agent_image="minikubelet/agent:$(node -p 'require("./package.json").version')"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

build_base() {
  if [ "$force" = false ] && docker image inspect "$base_image" >/dev/null 2>&1; then
    log "$base_image already exists"
    return
  fi
  local rootfs="$work/rootfs" lib
  mkdir -p "$rootfs"/{usr/local/bin,etc,tmp,root}
  cp "$node_bin" "$rootfs/usr/local/bin/node"
  # Every library ldd resolves (`name => /path (addr)`) and the loader (`/lib64/ld-linux… (addr)`).
  for lib in $(ldd "$node_bin" | awk '$2 == "=>" && $3 ~ /^\// { print $3 } $1 ~ /^\// { print $1 }'); do
    mkdir -p "$rootfs$(dirname "$lib")"
    cp -L "$lib" "$rootfs$lib"
  done
  printf '%s\n' 'root:x:0:0:root:/root:/bin/sh' 'nobody:x:65534:65534:nobody:/nonexistent:/bin/false' >"$rootfs/etc/passwd"
  printf '%s\n' 'root:x:0:' 'nobody:x:65534:' >"$rootfs/etc/group"
  chmod 1777 "$rootfs/tmp"
  log "importing $base_image from $node_bin"
  tar --numeric-owner --owner=0 --group=0 -C "$rootfs" -c . |
    docker import --change 'ENV PATH=/usr/local/bin:/usr/bin:/bin' --change 'CMD ["node"]' - "$base_image" >/dev/null
}

production_deps() {
  local cache tmp
  cache=".build/agent-deps-$(sha256sum package-lock.json | cut -c1-16)"
  if [ ! -d "$cache/node_modules" ]; then
    mkdir -p .build
    tmp="$(mktemp -d .build/agent-deps.XXXXXX)"
    cp package.json package-lock.json "$tmp/"
    # --ignore-scripts: no native addon is needed (dockerode's optional ssh2 speedups are not used).
    (cd "$tmp" && npm ci --omit=dev --ignore-scripts --prefer-offline --no-audit --no-fund --loglevel=error) >&2
    # A build running beside this one may have made it first: keep theirs.
    mv -T "$tmp" "$cache" 2>/dev/null || rm -rf "$tmp"
  fi
  echo "$cache/node_modules"
}

stage_context() {
  local context="$1"
  log "staging the build context"
  mkdir -p "$context"
  cp -R bin deploy dist package.json package-lock.json "$(production_deps)" "$context/"
}

[ -f node_modules/.package-lock.json ] || npm ci
if [ ! -f dist/agent/cli.js ] || [ -n "$(find src -name '*.ts' -newer dist/agent/cli.js -print -quit)" ]; then npm run build; fi
bash scripts/ensure-docker.sh
bash scripts/build-images.sh  # also compiles deploy/pause/build/pause, shipped for ensurePauseImage
build_base
stage_context "$work/context"
log "building $agent_image"
output="$(docker build -q -f Dockerfile --build-arg "BASE_IMAGE=$base_image" -t "$agent_image" "$work/context" 2>&1)" || {
  echo "$output" >&2
  log "docker build of $agent_image failed"
  exit 1
}
docker run --rm "$agent_image" --help >/dev/null
log "built $agent_image (on $base_image)"
