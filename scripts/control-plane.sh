#!/usr/bin/env bash
# A real, throwaway Kubernetes control plane on loopback for node mode's tests (issue #21):
# Debian's etcd-server, and kube-apiserver, kube-scheduler, kube-controller-manager as
# scripts/build-control-plane.sh builds them, with certificates generated here by openssl.
#
#   scripts/control-plane.sh up DIR BASE_PORT   start it; state, certificates, logs in DIR
#   scripts/control-plane.sh node-kubeconfig DIR NODE   a kubeconfig for `system:node:NODE` (prints its path)
#   scripts/control-plane.sh stop-apiserver DIR | start-apiserver DIR   (fault tests)
#   scripts/control-plane.sh down DIR           stop every process it started
#
# Ports: etcd BASE and BASE+1 (peer), kube-apiserver BASE+2, controller-manager BASE+3, scheduler BASE+4.
# The API server authorizes with Node,RBAC and admits with NodeRestriction, as a kubeadm cluster does.
set -euo pipefail
cmd="${1:?usage: control-plane.sh up|down|node-kubeconfig|stop-apiserver|start-apiserver DIR ...}"
DIR="${2:?missing DIR}"
mkdir -p "$DIR"
DIR="$(cd "$DIR" && pwd)"
PKI="$DIR/pki"
LOGS="$DIR/logs"
log() { echo "control-plane: $*" >&2; }

# --- certificates -------------------------------------------------------------------------------
# sign NAME SUBJECT [SANS]: a key and a certificate signed by the cluster CA (client and server use).
sign() {
  local name="$1" subject="$2" sans="${3:-}"
  local ext="$PKI/$name.ext"
  {
    echo "basicConstraints=CA:FALSE"
    echo "keyUsage=critical,digitalSignature,keyEncipherment"
    echo "extendedKeyUsage=serverAuth,clientAuth"
    [ -n "$sans" ] && echo "subjectAltName=$sans"
  } > "$ext"
  openssl genrsa -out "$PKI/$name.key" 2048 2>/dev/null
  openssl req -new -key "$PKI/$name.key" -subj "$subject" -out "$PKI/$name.csr" 2>/dev/null
  openssl x509 -req -in "$PKI/$name.csr" -CA "$PKI/ca.crt" -CAkey "$PKI/ca.key" -CAcreateserial \
    -days 30 -sha256 -extfile "$ext" -out "$PKI/$name.crt" 2>/dev/null
  rm -f "$PKI/$name.csr" "$ext"
}

# kubeconfig NAME: a kubeconfig with NAME's client certificate, embedded.
kubeconfig() {
  local name="$1" server
  server="https://127.0.0.1:$(cat "$DIR/apiserver-port")"
  local b64="base64 -w0"
  cat > "$DIR/$name.kubeconfig" <<EOF
apiVersion: v1
kind: Config
clusters:
- name: minikubelet-test
  cluster:
    server: $server
    certificate-authority-data: $($b64 < "$PKI/ca.crt")
users:
- name: $name
  user:
    client-certificate-data: $($b64 < "$PKI/$name.crt")
    client-key-data: $($b64 < "$PKI/$name.key")
contexts:
- name: $name
  context: { cluster: minikubelet-test, user: $name }
current-context: $name
EOF
  chmod 600 "$DIR/$name.kubeconfig"
}

make_pki() {
  mkdir -p "$PKI"
  openssl genrsa -out "$PKI/ca.key" 2048 2>/dev/null
  openssl req -x509 -new -key "$PKI/ca.key" -subj "/CN=minikubelet-test-ca" -days 30 -sha256 -out "$PKI/ca.crt" 2>/dev/null
  sign apiserver "/CN=kube-apiserver" "IP:127.0.0.1,IP:10.0.0.1,DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc"
  sign admin "/O=system:masters/CN=kubernetes-admin"
  sign controller-manager "/CN=system:kube-controller-manager"
  sign scheduler "/CN=system:kube-scheduler"
  # What the API server presents to a kubelet's port (kubeadm's apiserver-kubelet-client).
  sign apiserver-kubelet-client "/O=system:masters/CN=kube-apiserver-kubelet-client"
  openssl genrsa -out "$PKI/sa.key" 2048 2>/dev/null
  openssl rsa -in "$PKI/sa.key" -pubout -out "$PKI/sa.pub" 2>/dev/null
}

# --- processes ----------------------------------------------------------------------------------
# launch NAME CMD...: in the background, its own process group, log and pid file in DIR.
launch() {
  local name="$1"; shift
  setsid "$@" >> "$LOGS/$name.log" 2>&1 < /dev/null &
  echo $! > "$DIR/$name.pid"
}

stop_one() {
  local pidfile="$DIR/$1.pid" pid
  [ -f "$pidfile" ] || return 0
  pid="$(cat "$pidfile")"
  kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
  rm -f "$pidfile"
}

bin() { cat "$DIR/bin-dir"; }

start_apiserver() {
  local base; base="$(cat "$DIR/base-port")"
  launch kube-apiserver "$(bin)/kube-apiserver" \
    --etcd-servers="http://127.0.0.1:$base" \
    --bind-address=127.0.0.1 --advertise-address=127.0.0.1 --secure-port="$((base + 2))" --insecure-port=0 \
    --tls-cert-file="$PKI/apiserver.crt" --tls-private-key-file="$PKI/apiserver.key" \
    --client-ca-file="$PKI/ca.crt" \
    --service-account-key-file="$PKI/sa.pub" --service-account-signing-key-file="$PKI/sa.key" \
    --service-account-issuer=https://kubernetes.default.svc.cluster.local \
    --api-audiences=https://kubernetes.default.svc.cluster.local \
    --authorization-mode=Node,RBAC --enable-admission-plugins=NodeRestriction \
    --service-cluster-ip-range=10.0.0.0/24 --allow-privileged=true \
    --kubelet-client-certificate="$PKI/apiserver-kubelet-client.crt" --kubelet-client-key="$PKI/apiserver-kubelet-client.key" \
    --kubelet-preferred-address-types=InternalIP,Hostname \
    --profiling=false --v=1
}

wait_for() {
  local what="$1" seconds="$2"; shift 2
  for _ in $(seq 1 $((seconds * 2))); do
    if "$@" >/dev/null 2>&1; then return 0; fi
    sleep 0.5
  done
  log "$what did not come up within ${seconds}s; its log:"
  tail -n 30 "$LOGS"/*.log >&2 || true
  return 1
}

admin_kubectl() { kubectl --kubeconfig "$DIR/admin.kubeconfig" "$@"; }

up() {
  local base="${1:?missing BASE_PORT}"
  local bindir; bindir="$(bash "$(dirname "${BASH_SOURCE[0]}")/build-control-plane.sh" | tail -1)"
  command -v etcd >/dev/null || { log "etcd is not installed (Debian's etcd-server)"; exit 1; }
  echo "$bindir" > "$DIR/bin-dir"
  echo "$base" > "$DIR/base-port"
  echo "$((base + 2))" > "$DIR/apiserver-port"
  mkdir -p "$LOGS"
  make_pki
  for name in admin controller-manager scheduler; do kubeconfig "$name"; done
  launch etcd etcd --name minikubelet-test --data-dir "$DIR/etcd" \
    --listen-client-urls "http://127.0.0.1:$base" --advertise-client-urls "http://127.0.0.1:$base" \
    --listen-peer-urls "http://127.0.0.1:$((base + 1))" --initial-advertise-peer-urls "http://127.0.0.1:$((base + 1))" \
    --initial-cluster "minikubelet-test=http://127.0.0.1:$((base + 1))"
  wait_for etcd 30 curl -sf "http://127.0.0.1:$base/health"
  start_apiserver
  wait_for kube-apiserver 120 admin_kubectl get --raw /readyz
  # The token controller needs the service-account key, or no pod of a Deployment is ever created.
  launch kube-controller-manager "$(bin)/kube-controller-manager" \
    --kubeconfig="$DIR/controller-manager.kubeconfig" --bind-address=127.0.0.1 --secure-port="$((base + 3))" --port=0 \
    --authentication-kubeconfig="$DIR/controller-manager.kubeconfig" --authorization-kubeconfig="$DIR/controller-manager.kubeconfig" \
    --service-account-private-key-file="$PKI/sa.key" --root-ca-file="$PKI/ca.crt" --use-service-account-credentials=true \
    --cluster-signing-cert-file="$PKI/ca.crt" --cluster-signing-key-file="$PKI/ca.key" \
    --leader-elect=false --v=1
  launch kube-scheduler "$(bin)/kube-scheduler" \
    --kubeconfig="$DIR/scheduler.kubeconfig" --bind-address=127.0.0.1 --secure-port="$((base + 4))" --port=0 \
    --authentication-kubeconfig="$DIR/scheduler.kubeconfig" --authorization-kubeconfig="$DIR/scheduler.kubeconfig" \
    --leader-elect=false --v=1
  # Ready for pods: the default ServiceAccount and its token exist (the controllers run).
  wait_for "the default ServiceAccount's token" 120 sh -c "kubectl --kubeconfig '$DIR/admin.kubeconfig' get serviceaccount default -o jsonpath='{.secrets[0].name}' | grep -q ."
  log "up: https://127.0.0.1:$((base + 2)) ($("$bindir/kube-apiserver" --version)), state in $DIR"
}

down() {
  for name in kube-scheduler kube-controller-manager kube-apiserver etcd; do stop_one "$name"; done
}

case "$cmd" in
  up) up "${3:-}" ;;
  down) down ;;
  node-kubeconfig)
    node="${3:?missing NODE}"
    sign "node-$node" "/O=system:nodes/CN=system:node:$node"
    kubeconfig "node-$node"
    echo "$DIR/node-$node.kubeconfig" ;;
  stop-apiserver) stop_one kube-apiserver ;;
  start-apiserver)
    start_apiserver
    wait_for kube-apiserver 120 admin_kubectl get --raw /readyz ;;
  *) log "unknown command $cmd"; exit 2 ;;
esac
