import type { Pod } from '../../api/pod-types.js';
import type { WrittenSecurityContext, WrittenSecurityFields } from '../../api/written-security.js';

/**
 * What the Pod Security Standards checks read of a pod, in the Kubernetes API's shapes (the fields
 * of k8s.io/pod-security-admission `policy/check_*.go`). minikubelet's `Pod` fills most of it; the
 * security fields its schema does not keep come from the manifest as written (`written-security.ts`).
 */

export interface SecurityContextInput {
  privileged?: boolean;
  allowPrivilegeEscalation?: boolean;
  runAsUser?: number;
  runAsNonRoot?: boolean;
  capabilities?: { add?: readonly string[]; drop?: readonly string[] };
  seccompProfile?: { type: string };
  appArmorProfile?: { type: string };
  seLinuxOptions?: { type?: string; user?: string; role?: string };
  procMount?: string;
  windowsOptions?: { hostProcess?: boolean };
}

export interface HostHandlerInput {
  httpGet?: { host?: string };
  tcpSocket?: { host?: string };
}

export interface ContainerInput {
  name: string;
  ports?: readonly { hostPort?: number }[];
  securityContext?: SecurityContextInput;
  livenessProbe?: HostHandlerInput;
  readinessProbe?: HostHandlerInput;
  startupProbe?: HostHandlerInput;
  lifecycle?: { postStart?: HostHandlerInput; preStop?: HostHandlerInput };
}

export interface PodSecurityInput {
  metadata: { annotations?: Readonly<Record<string, string>> };
  spec: {
    hostNetwork?: boolean;
    hostPID?: boolean;
    hostIPC?: boolean;
    os?: { name: string };
    securityContext?: SecurityContextInput & { sysctls?: readonly { name: string }[] };
    initContainers?: readonly ContainerInput[];
    containers: readonly ContainerInput[];
    /** Each volume's name and its one source, keyed by the API's field name (`hostPath`, `emptyDir`, …). */
    volumes?: readonly ({ name: string } & Record<string, unknown>)[];
  };
}

/** PSA's `visitContainers`: init containers, then app containers (ephemeral ones a static pod cannot have). */
export function allContainers(spec: PodSecurityInput['spec']): readonly ContainerInput[] {
  return [...(spec.initContainers ?? []), ...spec.containers];
}

function withWritten<T extends object>(sc: T | undefined, written: WrittenSecurityContext | undefined): T | (T & SecurityContextInput) | undefined {
  if (written === undefined || Object.keys(written).length === 0) return sc;
  const out: SecurityContextInput = { ...sc };
  if (written.seccompProfileType !== undefined) out.seccompProfile = { type: written.seccompProfileType };
  if (written.appArmorProfileType !== undefined) out.appArmorProfile = { type: written.appArmorProfileType };
  if (written.seLinuxOptions !== undefined) out.seLinuxOptions = written.seLinuxOptions;
  if (written.procMount !== undefined) out.procMount = written.procMount;
  if (written.windowsHostProcess !== undefined) out.windowsOptions = { hostProcess: written.windowsHostProcess };
  return out as T & SecurityContextInput;
}

/** The pod as the checks see it: minikubelet's pod plus the security fields only the manifest holds. */
export function podSecurityInput(pod: Pod, written?: WrittenSecurityFields): PodSecurityInput {
  const container = <C extends Pod['spec']['containers'][number]>(c: C): ContainerInput => {
    const sc = withWritten(c.securityContext, written?.containers[c.name]);
    return { ...c, ...(sc !== undefined ? { securityContext: sc } : {}) };
  };
  const podContext = withWritten(pod.spec.securityContext, written?.pod);
  return {
    metadata: pod.metadata,
    spec: {
      ...pod.spec,
      ...(podContext !== undefined ? { securityContext: podContext } : {}),
      ...(written?.osName !== undefined ? { os: { name: written.osName } } : {}),
      initContainers: pod.spec.initContainers.map(container),
      containers: pod.spec.containers.map(container),
      volumes: pod.spec.volumes as unknown as readonly ({ name: string } & Record<string, unknown>)[],
    },
  };
}
