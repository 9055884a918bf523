#!/usr/bin/env bash
# Builds a real Kubernetes control plane (kube-apiserver, kube-scheduler, kube-controller-manager)
# from Debian's `kubernetes` source package, for node mode's end-to-end tests (issue #21), and
# installs Debian's etcd-server. The binaries are cached in $CACHE, keyed by the
# recipe (RECIPE below), so only the first run on a machine builds (about 4.5 min on 2 cores).
#
# Prints the directory holding the three binaries on its last line.
set -euo pipefail

CACHE="${MINIKUBELET_CONTROL_PLANE_CACHE:-/var/cache/minikubelet-control-plane}"
# The cache key: what is built and how (bump RECIPE when the build below changes).
RECIPE="debian-bookworm-kubernetes-source make-WHAT=kube-apiserver,kube-scheduler,kube-controller-manager CGO_ENABLED=0 v1"
RECIPE_HASH="$(echo "$RECIPE" | sha256sum | cut -c1-16)"
OUT="$CACHE/$RECIPE_HASH"
BINS=(kube-apiserver kube-scheduler kube-controller-manager)

have_all() { for b in "${BINS[@]}"; do [ -x "$OUT/bin/$b" ] || return 1; done; }

apt_install() {
  local missing=()
  for p in "$@"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "build-control-plane: installing ${missing[*]}" >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >&2 || {
    apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >&2; }
}

apt_install etcd-server openssl

if have_all; then echo "$OUT/bin"; exit 0; fi

apt_install golang-go jq rsync dpkg-dev
# Debian's sources: a deb-src line for bookworm (the machine's own lists carry only `deb`).
SRC_LIST=/etc/apt/sources.list.d/minikubelet-src.sources
if ! grep -rqs '^Types:.*deb-src\|^deb-src' /etc/apt/sources.list /etc/apt/sources.list.d/; then
  cat > "$SRC_LIST" <<'SRC'
Types: deb-src
URIs: http://deb.debian.org/debian
Suites: bookworm
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
  apt-get update -qq >&2
fi

WORK="$CACHE/build"
rm -rf "$WORK" && mkdir -p "$WORK"
cd "$WORK"
echo "build-control-plane: fetching Debian's kubernetes source package" >&2
apt-get source -qq kubernetes >&2
SRC_DIR="$(find "$WORK" -maxdepth 1 -mindepth 1 -type d -name 'kubernetes-*' | head -1)"
cd "$SRC_DIR"
# As debian/rules builds it: GOPATH inside the tree, CGO off, Debian's Go.
export GOPATH="$SRC_DIR/.go" CGO_ENABLED=0 PATH="/usr/lib/go/bin:$PATH" HOME="${HOME:-/root}"
export GOCACHE="$CACHE/go-build" GOFLAGS="-mod=vendor"
mkdir -p .go/src/k8s.io
[ -L .go/src/k8s.io/kubernetes ] || ln -s ../../.. .go/src/k8s.io/kubernetes
started=$(date +%s)
echo "build-control-plane: building ${BINS[*]} (a few minutes, once per machine)" >&2
make WHAT="cmd/kube-apiserver cmd/kube-scheduler cmd/kube-controller-manager" >&2
mkdir -p "$OUT/bin"
for b in "${BINS[@]}"; do cp "_output/bin/$b" "$OUT/bin/$b"; done
"$OUT/bin/kube-apiserver" --version > "$OUT/VERSION"
echo "build-control-plane: built $(cat "$OUT/VERSION") in $(( $(date +%s) - started )) s" >&2
# The sources (about 1 GiB with the build) are not kept; the Go build cache is, for a recipe change.
cd / && rm -rf "$WORK"
echo "$OUT/bin"
