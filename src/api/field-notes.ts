import type * as z from 'zod';
import {
  containerSchema,
  initContainerSchema,
  podResourceRequirementsSchema,
  resourceRequirementsSchema,
  volumeMountSchema,
} from './container-schema.js';
import { objectMetaSchema, podManifestSchema, podSpecSchema } from './pod-schema.js';
import { lifecycleHandlerSchema, lifecycleSchema } from './probe-schema.js';
import { envVarSourceSchema, volumeProjectionSchema } from './projection-schema.js';
import { podSecurityContextSchema, securityContextSchema } from './security-schema.js';
import { volumeSchema } from './volume-schema.js';

/**
 * Fields Kubernetes has and minikubelet's schema does not: what to tell the user when one is set.
 * Anything not listed here is reported as a plain unknown field. References to API objects other
 * than the ConfigMaps and Secrets of the manifest directory are errors, as in the kubelet (`PreventStaticPodAPIReferences`, k8s `pkg/kubelet/config/common.go`,
 * `podutil.HasAPIObjectReference`): a static pod runs without an API server to resolve them.
 */

export interface FieldNote {
  severity: 'error' | 'warning';
  message: string;
}
type Note = FieldNote | ((value: unknown) => FieldNote);

const warn = (message: string): FieldNote => ({ severity: 'warning', message });
const reject = (message: string): FieldNote => ({ severity: 'error', message });

const NOT_YET = warn('not supported by minikubelet yet; ignored');
const SERVER_SET = warn('set by the API server; ignored in a manifest');
const apiReference = (resource: string, instead: string): FieldNote =>
  reject(`static pods may not reference ${resource}: there is no API server to read them from; ${instead}`);

const OTHER_VOLUME_TYPES = [
  'awsElasticBlockStore', 'azureDisk', 'azureFile', 'cephfs', 'cinder', 'csi', 'fc',
  'flexVolume', 'flocker', 'gcePersistentDisk', 'gitRepo', 'glusterfs', 'iscsi', 'nfs',
  'photonPersistentDisk', 'portworxVolume', 'quobyte', 'rbd', 'scaleIO', 'storageos', 'vsphereVolume',
];

const volumeNotes: Record<string, Note> = {
  persistentVolumeClaim: apiReference('persistentvolumeclaims', 'use a hostPath volume'),
  image: reject(
    'image volumes are not supported: they need a CRI runtime that mounts an OCI image or artifact (containerd or CRI-O with the ImageVolume feature), and Docker\'s API has no such mount; copy the files into an emptyDir from an init container using that image',
  ),
  ephemeral: apiReference('persistentvolumeclaims', 'use an emptyDir volume'),
  ...Object.fromEntries(
    OTHER_VOLUME_TYPES.map((type) => [type, reject(`volume type ${type} is not supported by minikubelet; use emptyDir or hostPath`)]),
  ),
};

const SCHEDULING_ONLY = warn('has no effect on a static pod (there is no scheduler); ignored');

const notes = new Map<z.ZodType, Record<string, Note>>([
  [podManifestSchema, { status: warn('set by the kubelet; ignored in a manifest') }],
  [
    objectMetaSchema,
    {
      generateName: warn('not supported for static pods; set metadata.name'),
      creationTimestamp: SERVER_SET, resourceVersion: SERVER_SET, selfLink: SERVER_SET, generation: SERVER_SET,
      managedFields: SERVER_SET, ownerReferences: SERVER_SET, finalizers: SERVER_SET,
      deletionTimestamp: SERVER_SET, deletionGracePeriodSeconds: SERVER_SET,
    },
  ],
  [
    podSpecSchema,
    {
      resourceClaims: apiReference('resourceclaims', 'remove resourceClaims'),
      schedulerName: SCHEDULING_ONLY, topologySpreadConstraints: SCHEDULING_ONLY, schedulingGates: SCHEDULING_ONLY,
      priority: SCHEDULING_ONLY, preemptionPolicy: SCHEDULING_ONLY,
      priorityClassName: NOT_YET,
      overhead: NOT_YET, readinessGates: NOT_YET, os: NOT_YET,
      // ValidatePodCreate: `spec.ephemeralContainers: Forbidden: cannot be set on create`.
      ephemeralContainers: reject('Forbidden: cannot be set on create; ephemeral containers are added to a running pod through the API server (kubectl debug), which a static pod does not have'),
    },
  ],
  [containerSchema, { ...containerNotes(), restartPolicy: reject('may not be set for non-init containers') }],
  [initContainerSchema, containerNotes()],
  [
    volumeProjectionSchema,
    {
      clusterTrustBundle: reject('clusterTrustBundle projections are not supported: there is no API server to read the bundles from; use a configMap source'),
      podCertificate: reject('podCertificate projections are not supported: there is no API server to issue certificates; use a secret source'),
    },
  ],
  [
    volumeMountSchema,
    { recursiveReadOnly: NOT_YET },
  ],
  // Alpha (EnvFiles, Kubernetes 1.34) and off by default: an API server with default feature gates drops it too.
  [envVarSourceSchema, { fileKeyRef: reject('fileKeyRef needs the EnvFiles feature gate (alpha in Kubernetes 1.34, off by default), which minikubelet does not implement; write the value with env[].value, or from a ConfigMap') }],
  [
    securityContextSchema,
    {
      seLinuxOptions: NOT_YET, procMount: NOT_YET, windowsOptions: warn('has no effect on Linux; ignored'),
      cgroupOptions: warn('not supported: Docker\'s API has no per-container writable cgroup mount (a privileged container has one); the engine mounts /sys/fs/cgroup read-only'),
    },
  ],
  [
    podSecurityContextSchema,
    {
      seLinuxOptions: NOT_YET, seLinuxChangePolicy: NOT_YET,
      windowsOptions: warn('has no effect on Linux; ignored'),
    },
  ],
  [resourceRequirementsSchema, { claims: apiReference('resourceclaims', 'remove resources.claims') }],
  [podResourceRequirementsSchema, { claims: reject('claims cannot be set for Resources at pod-level') }],
  [lifecycleSchema, { stopSignal: NOT_YET }],
  // core/v1 `LifecycleHandler` has no grpc: it is a probe handler only.
  [lifecycleHandlerSchema, { grpc: reject('grpc is a probe handler, not a lifecycle hook handler; use exec, httpGet or sleep') }],
  [volumeSchema, volumeNotes],
]);

function containerNotes(): Record<string, Note> {
  return {
    resizePolicy: warn('has no effect: minikubelet never resizes a running container; an edited manifest recreates the pod with the new resources'),
    restartPolicyRules: warn(
      'not supported (alpha in Kubernetes 1.34/1.35, behind the ContainerRestartRules and RestartAllContainersOnContainerExits feature gates, which drop the field when off); ignored: the container restarts per its restartPolicy',
    ),
    volumeDevices: NOT_YET,
  };
}

/** What to say about `key` set on an object of `schema`, or undefined for a plain unknown field. */
export function fieldNote(schema: z.ZodType, key: string, value: unknown): FieldNote | undefined {
  const forSchema = notes.get(schema);
  // Own keys only: `valueOf` or `__proto__` in a manifest are plain unknown fields.
  const note = forSchema !== undefined && Object.hasOwn(forSchema, key) ? forSchema[key] : undefined;
  return typeof note === 'function' ? note(value) : note;
}

/** Keys with a note: they count as known names for "did you mean" hints. */
export function notedKeys(schema: z.ZodType): string[] {
  return Object.keys(notes.get(schema) ?? {});
}
