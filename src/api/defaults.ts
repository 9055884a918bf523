import type { ContainerManifest } from './container-schema.js';
import { defaultEnvFrom, defaultEnvVar, defaultProjectedSources, hasProjectedSource } from './defaults-projection.js';
import { defaultPullPolicy } from './image-reference.js';
import { defaultPodResources } from './pod-level-resources.js';
import type { PodManifest, PodSpecManifest } from './pod-schema.js';
import type {
  Container,
  HTTPGetAction,
  Lifecycle,
  LifecycleHandler,
  Pod,
  PodDNSConfig,
  PodSecurityContext,
  Probe,
  ResourceRequirements,
  SecurityContext,
  Volume,
} from './pod-types.js';
import type { HTTPGetActionManifest, LifecycleHandlerManifest, ProbeManifest } from './probe-schema.js';
import type { VolumeManifest } from './volume-schema.js';

/**
 * The API server's defaults (k8s `pkg/apis/core/v1/defaults.go`), applied to a decoded manifest.
 * Pure: the result is a new object. `metadata.uid` stays as written (empty when unset); the
 * manifest source derives it afterwards (`pod-uid.ts`).
 */
export function applyPodDefaults(manifest: PodManifest): Pod {
  const metadata = manifest.metadata ?? {};
  const spec = manifest.spec ?? {};
  const hostNetwork = spec.hostNetwork ?? false;
  const initContainers = (spec.initContainers ?? []).map((c) => defaultContainer(c, hostNetwork));
  const containers = (spec.containers ?? []).map((c) => defaultContainer(c, hostNetwork));
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: metadata.name ?? '',
      namespace: metadata.namespace ?? 'default',
      uid: metadata.uid ?? '',
      labels: { ...metadata.labels },
      annotations: { ...metadata.annotations },
    },
    spec: withoutUndefined({
      initContainers,
      containers,
      volumes: (spec.volumes ?? []).map(defaultVolume),
      restartPolicy: spec.restartPolicy ?? 'Always',
      terminationGracePeriodSeconds: spec.terminationGracePeriodSeconds ?? 30,
      activeDeadlineSeconds: spec.activeDeadlineSeconds,
      dnsPolicy: spec.dnsPolicy ?? 'ClusterFirst',
      hostname: spec.hostname,
      subdomain: spec.subdomain,
      setHostnameAsFQDN: spec.setHostnameAsFQDN,
      nodeName: spec.nodeName,
      hostNetwork,
      hostPID: spec.hostPID,
      hostIPC: spec.hostIPC,
      shareProcessNamespace: spec.shareProcessNamespace,
      enableServiceLinks: spec.enableServiceLinks,
      securityContext: spec.securityContext && defaultPodSecurityContext(spec.securityContext),
      hostAliases: spec.hostAliases?.map((a) => ({ ip: a.ip, hostnames: a.hostnames ?? [] })),
      dnsConfig: spec.dnsConfig && defaultDnsConfig(spec.dnsConfig),
      nodeSelector: spec.nodeSelector,
      affinity: spec.affinity as Pod['spec']['affinity'],
      tolerations: spec.tolerations?.map((t) => withoutUndefined({ ...t })),
      // After the containers' defaults, as in `SetDefaults_Pod`.
      resources: spec.resources && defaultPodResources(spec.resources, { initContainers, containers }),
      // The deprecated `serviceAccount` fills `serviceAccountName` (k8s `SetDefaults_PodSpec`).
      serviceAccountName: spec.serviceAccountName ?? spec.serviceAccount,
      imagePullSecrets: spec.imagePullSecrets?.map((s) => ({ name: s.name })),
      hostUsers: spec.hostUsers,
      runtimeClassName: spec.runtimeClassName,
    }),
  };
}

function defaultPodSecurityContext(sc: NonNullable<PodSpecManifest['securityContext']>): PodSecurityContext {
  return withoutUndefined({
    runAsUser: sc.runAsUser,
    runAsGroup: sc.runAsGroup,
    runAsNonRoot: sc.runAsNonRoot,
    supplementalGroups: sc.supplementalGroups,
    fsGroup: sc.fsGroup,
    fsGroupChangePolicy: sc.fsGroupChangePolicy,
    sysctls: sc.sysctls?.map((s) => ({ name: s.name, value: s.value })),
    seccompProfile: sc.seccompProfile && withoutUndefined({ ...sc.seccompProfile }),
    appArmorProfile: sc.appArmorProfile && withoutUndefined({ ...sc.appArmorProfile }),
    supplementalGroupsPolicy: sc.supplementalGroupsPolicy,
  });
}

function defaultDnsConfig(dns: NonNullable<PodSpecManifest['dnsConfig']>): PodDNSConfig {
  return withoutUndefined({
    nameservers: dns.nameservers,
    searches: dns.searches,
    options: dns.options?.map((o) => withoutUndefined({ name: o.name ?? '', value: o.value })),
  });
}

function defaultSecurityContext(sc: NonNullable<ContainerManifest['securityContext']>): SecurityContext {
  return withoutUndefined({
    runAsUser: sc.runAsUser,
    runAsGroup: sc.runAsGroup,
    runAsNonRoot: sc.runAsNonRoot,
    readOnlyRootFilesystem: sc.readOnlyRootFilesystem,
    privileged: sc.privileged,
    allowPrivilegeEscalation: sc.allowPrivilegeEscalation,
    capabilities: sc.capabilities && withoutUndefined({ add: sc.capabilities.add, drop: sc.capabilities.drop }),
    seccompProfile: sc.seccompProfile && withoutUndefined({ ...sc.seccompProfile }),
    appArmorProfile: sc.appArmorProfile && withoutUndefined({ ...sc.appArmorProfile }),
  });
}

function defaultContainer(c: ContainerManifest, hostNetwork: boolean): Container {
  const image = c.image ?? '';
  return withoutUndefined({
    name: c.name,
    image,
    command: c.command,
    args: c.args,
    workingDir: c.workingDir,
    env: (c.env ?? []).map(defaultEnvVar),
    envFrom: defaultEnvFrom(c.envFrom),
    ports: (c.ports ?? []).map((p) =>
      withoutUndefined({
        name: p.name,
        containerPort: p.containerPort,
        // With hostNetwork the container port is the host port (SetDefaults_PodSpec).
        hostPort: p.hostPort ?? (hostNetwork ? p.containerPort : undefined),
        hostIP: p.hostIP,
        protocol: p.protocol ?? 'TCP',
      }),
    ),
    volumeMounts: (c.volumeMounts ?? []).map((m) =>
      withoutUndefined({
        name: m.name,
        mountPath: m.mountPath,
        readOnly: m.readOnly ?? false,
        subPath: m.subPath,
        subPathExpr: m.subPathExpr,
        mountPropagation: m.mountPropagation,
      }),
    ),
    imagePullPolicy: c.imagePullPolicy ?? defaultPullPolicy(image),
    terminationMessagePath: c.terminationMessagePath ?? '/dev/termination-log',
    terminationMessagePolicy: c.terminationMessagePolicy ?? 'File',
    resources: defaultResources(c.resources),
    livenessProbe: c.livenessProbe && defaultProbe(c.livenessProbe),
    readinessProbe: c.readinessProbe && defaultProbe(c.readinessProbe),
    startupProbe: c.startupProbe && defaultProbe(c.startupProbe),
    lifecycle: c.lifecycle && defaultLifecycle(c.lifecycle),
    securityContext: c.securityContext && defaultSecurityContext(c.securityContext),
    stdin: c.stdin ?? false,
    stdinOnce: c.stdinOnce ?? false,
    tty: c.tty ?? false,
    restartPolicy: c.restartPolicy,
  });
}

/** A resource with a limit and no request gets request = limit (`SetDefaults_Pod`). */
function defaultResources(resources: ContainerManifest['resources']): ResourceRequirements {
  const limits = { ...resources?.limits };
  return { limits, requests: { ...limits, ...resources?.requests } };
}

/** Zero counts as unset for these fields, as in `SetDefaults_Probe`. */
function defaultProbe(p: ProbeManifest): Probe {
  return withoutUndefined({
    exec: p.exec && { command: p.exec.command ?? [] },
    httpGet: p.httpGet && defaultHttpGet(p.httpGet),
    tcpSocket: p.tcpSocket && withoutUndefined({ port: p.tcpSocket.port, host: p.tcpSocket.host }),
    // core/v1 `GRPCAction.Service` is `+default=""`.
    grpc: p.grpc && { port: p.grpc.port, service: p.grpc.service ?? '' },
    initialDelaySeconds: p.initialDelaySeconds ?? 0,
    timeoutSeconds: p.timeoutSeconds || 1,
    periodSeconds: p.periodSeconds || 10,
    successThreshold: p.successThreshold || 1,
    failureThreshold: p.failureThreshold || 3,
    terminationGracePeriodSeconds: p.terminationGracePeriodSeconds,
  });
}

function defaultHttpGet(h: HTTPGetActionManifest): HTTPGetAction {
  return withoutUndefined({
    path: h.path || '/',
    port: h.port,
    host: h.host,
    scheme: h.scheme ?? 'HTTP',
    httpHeaders: (h.httpHeaders ?? []).map((header) => ({ name: header.name, value: header.value })),
  });
}

function defaultLifecycle(l: NonNullable<ContainerManifest['lifecycle']>): Lifecycle {
  return withoutUndefined({
    postStart: l.postStart && defaultHandler(l.postStart),
    preStop: l.preStop && defaultHandler(l.preStop),
  });
}

function defaultHandler(h: LifecycleHandlerManifest): LifecycleHandler {
  return withoutUndefined({
    exec: h.exec && { command: h.exec.command ?? [] },
    httpGet: h.httpGet && defaultHttpGet(h.httpGet),
    tcpSocket: h.tcpSocket && withoutUndefined({ port: h.tcpSocket.port, host: h.tcpSocket.host }),
    sleep: h.sleep && { seconds: h.sleep.seconds },
  });
}

/** A volume with no source is an emptyDir (`SetDefaults_Volume`); hostPath `type` defaults to "". */
function defaultVolume(v: VolumeManifest): Volume {
  const emptyDir = v.emptyDir ?? (v.hostPath || hasProjectedSource(v) ? undefined : {});
  return withoutUndefined({
    name: v.name,
    emptyDir: emptyDir && withoutUndefined({ medium: emptyDir.medium ?? '', sizeLimit: emptyDir.sizeLimit, mode: emptyDir.mode }),
    hostPath: v.hostPath && { path: v.hostPath.path, type: v.hostPath.type ?? '' },
    ...defaultProjectedSources(v),
  });
}

/** `T` as `withoutUndefined` leaves it: a key whose value may be undefined is optional instead. */
type WithoutUndefined<T> = { [K in keyof T as undefined extends T[K] ? never : K]: T[K] } & {
  [K in keyof T as undefined extends T[K] ? K : never]?: Exclude<T[K], undefined>;
};

/** Optional fields are left out rather than set to undefined, so JSON output and hashes stay clean. */
function withoutUndefined<T extends object>(value: T): WithoutUndefined<T> {
  for (const key of Object.keys(value) as Array<keyof T>) {
    if (value[key] === undefined) delete value[key];
  }
  return value;
}
