# The minikubelet agent as an image. Built by scripts/build-agent-image.sh, which works with no registry:
#  - BASE_IMAGE is minikubelet/node-base:<host node version>, a root fs holding only the host's node
#    binary and its shared libraries (a node:20 image cannot be pulled here; where a registry is
#    reachable, --build-arg BASE_IMAGE=node:20-bookworm-slim works the same);
#  - the context is staged on the host (.build/agent-image: bin/, dist/, deploy/ with the prebuilt
#    pause binary, production node_modules). A multi-stage build (npm ci + tsc inside) would need npm
#    and a registry inside the build, which the base image and this machine do not offer; the host
#    stage is that first stage.
ARG BASE_IMAGE=node:20-bookworm-slim
FROM ${BASE_IMAGE}
COPY . /opt/minikubelet/
WORKDIR /opt/minikubelet
ENV NODE_ENV=production
# The agent talks to the engine through /var/run/docker.sock (mount it), as root.
ENTRYPOINT ["node", "/opt/minikubelet/bin/minikubelet"]
CMD ["run", "--manifest-dir", "/manifests", "--root-dir", "/var/lib/minikubelet"]
