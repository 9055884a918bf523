/**
 * Docker labels are the agent's state (DESIGN.md §3, contract). The `io.kubernetes.*` keys are the
 * ones dockershim and cri-dockerd write (k8s `pkg/kubelet/kuberuntime/labels.go`), so monitoring
 * agents attribute our containers to pods; the `minikubelet.io/*` keys are ours.
 */
export const LABEL_POD_NAME = 'io.kubernetes.pod.name';
export const LABEL_POD_NAMESPACE = 'io.kubernetes.pod.namespace';
export const LABEL_POD_UID = 'io.kubernetes.pod.uid';
export const LABEL_CONTAINER_NAME = 'io.kubernetes.container.name';
export const LABEL_DOCKER_TYPE = 'io.kubernetes.docker.type';
export const LABEL_SANDBOX_ID = 'io.kubernetes.sandbox.id';

export const LABEL_NODE_NAME = 'minikubelet.io/node-name';
export const LABEL_CONTAINER_TYPE = 'minikubelet.io/container-type';
export const LABEL_SPEC_HASH = 'minikubelet.io/spec-hash';
export const LABEL_RESTART_COUNT = 'minikubelet.io/restart-count';
export const LABEL_MANIFEST_FILE = 'minikubelet.io/manifest-file';
export const LABEL_GRACE_PERIOD = 'minikubelet.io/termination-grace-period';
/** The crash-loop back-off in force when this instance was started (restored after an agent restart). */
export const LABEL_BACKOFF_DELAY = 'minikubelet.io/backoff-delay-ms';
export const LABEL_BACKOFF_UPDATED = 'minikubelet.io/backoff-updated-ms';
/**
 * The container's preStop handler as JSON (named ports resolved), so it runs on every kill even
 * when the pod's spec is gone: the kubelet keeps it in the `io.kubernetes.container.preStopHandler`
 * annotation for the same reason (kuberuntime labels.go).
 */
export const LABEL_PRE_STOP_HANDLER = 'minikubelet.io/pre-stop-handler';

/**
 * On a sidecar (an init container with restartPolicy Always), its index in spec.initContainers:
 * sidecars stop after the app containers, in reverse spec order, even once the pod's spec is gone.
 */
export const LABEL_SIDECAR_INDEX = 'minikubelet.io/sidecar-index';

/** The container name the sandbox carries in `io.kubernetes.container.name`. */
export const SANDBOX_CONTAINER_NAME = 'POD';
