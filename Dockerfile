# The minikubelet agent as an image, built by scripts/build-agent-image.sh with no registry:
#  - BASE_IMAGE is minikubelet/node-base:<host node version>, a root fs holding only the host's
#    node binary and its shared libraries, imported by the script (no node image can be pulled
#    here; where a registry is reachable, --build-arg BASE_IMAGE=node:20-bookworm-slim works too);
#  - the context is staged by the script: bin/, dist/ (compiled there), deploy/ (with the static
#    pause binary, so the agent can build its sandbox image on an engine that lacks it), the
#    production node_modules. A multi-stage build (npm ci and tsc inside) would need npm and a
#    registry in the build, which the base image does not have; the script is that first stage.
ARG BASE_IMAGE=node:20-bookworm-slim
FROM ${BASE_IMAGE}
COPY . /opt/minikubelet/
# The same configuration as a systemd install; mount the host's /etc/minikubelet over it.
COPY deploy/config.yaml /etc/minikubelet/config.yaml
WORKDIR /opt/minikubelet
ENV NODE_ENV=production
# Run it with the engine's socket (-v /var/run/docker.sock:/var/run/docker.sock), the host's
# /sys/fs/cgroup (pod cgroups), the manifest dir, and the root dir mounted at the same path inside
# and out (emptyDir volumes under it are bind-mounted into pods by the host's engine), with
# --network host: the node's IP is the host's,
# the node name is the host name, probes reach pod IPs and the read-only port binds the host's
# 127.0.0.1. See the README, "Running the agent in a container".
# The node flags of bin/minikubelet's first line.
ENTRYPOINT ["node", "--max-semi-space-size=1", "--lite-mode", "--no-expose-wasm", "/opt/minikubelet/bin/minikubelet"]
CMD ["run", "--config", "/etc/minikubelet/config.yaml"]
