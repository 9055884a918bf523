import type { ConfigObject } from '../api/config-object-types.js';
import { decodeConfigObject, isConfigObjectKind } from '../api/decode-config-object.js';
import { decodeEndpoints } from '../api/decode-endpoints.js';
import { decodePod } from '../api/decode-pod.js';
import { decodeService } from '../api/decode-service.js';
import { type ServiceObject, isServiceObjectKind } from '../api/service-types.js';
import { applyPodDefaults } from '../api/defaults.js';
import type { FieldProblem } from '../api/field-path.js';
import { noteWrittenForm } from '../api/pod-facts.js';
import { computePodUid, legacyPodUid } from '../api/pod-uid.js';
import { writtenForm } from '../api/written-form.js';
import type { Pod } from '../api/pod-types.js';
import { validateStaticPod } from '../api/validate-static-pod.js';
import { validatePod } from '../api/validate-pod.js';
import { type WrittenSecurityFields, writtenSecurityFields } from '../api/written-security.js';
import type { ManifestProblem } from './manifest-problem.js';
import { decodeManifestText } from './manifest-text.js';
import { readYamlDocuments } from './yaml-documents.js';

export { formatManifestProblem } from './format-manifest-problem.js';

/**
 * One manifest file → its pods, ConfigMaps and Secrets, or every error that keeps it from running. Pure (no I/O, never
 * throws, whatever the bytes): text checks → YAML documents → decode (unknown fields reported) → API defaults →
 * validation → static-pod identity (k8s `pkg/kubelet/config/common.go` `applyDefaults`). A file is
 * applied whole or not at all: with any error, `pods` is empty.
 */

export interface ParsedDocumentPod {
  pod: Pod;
  /** 0-based index of the YAML document the pod came from. */
  document: number;
  /** Security fields the document wrote that the schema does not keep (read by Pod Security admission). */
  written?: WrittenSecurityFields;
  /** The UID minikubelet 0.1 gave this pod (no `metadata.uid` written): its containers are adopted. */
  legacyUid?: string;
}

/** A ConfigMap or Secret of the file. */
export interface ParsedDocumentObject {
  object: ConfigObject;
  document: number;
}

/** A Service, Endpoints or EndpointSlice of the file. */
export interface ParsedDocumentService {
  object: ServiceObject;
  document: number;
}

export interface ParsedManifest {
  file: string;
  pods: ParsedDocumentPod[];
  /** ConfigMaps and Secrets; like pods, empty when the file has any error. */
  objects: ParsedDocumentObject[];
  /** Services, Endpoints and EndpointSlices; like pods, empty when the file has any error. */
  services: ParsedDocumentService[];
  errors: ManifestProblem[];
  warnings: ManifestProblem[];
}

export interface ManifestInput {
  /** The path as the caller read it; part of the pod UID. */
  file: string;
  content: string | Buffer;
  nodeName: string;
}

export function parseManifest(input: ManifestInput): ParsedManifest {
  try {
    return parseManifestContent(input);
  } catch (err) {
    // Only a bug gets here; one bad file must still not take the agent down (k8s#113492).
    const message = `could not be parsed because of a minikubelet bug (${err instanceof Error ? err.message : String(err)}); please report it`;
    return { file: input.file, pods: [], objects: [], services: [], errors: [{ severity: 'error', file: input.file, message }], warnings: [] };
  }
}

function parseManifestContent(input: ManifestInput): ParsedManifest {
  const { file } = input;
  const problems: ManifestProblem[] = [];
  const pods: ParsedDocumentPod[] = [];
  const objects: ParsedDocumentObject[] = [];
  const services: ParsedDocumentService[] = [];
  const text = decodeManifestText(input.content);
  if (!text.ok) return { file, pods: [], objects: [], services: [], errors: [{ severity: 'error', file, message: text.message }], warnings: [] };
  const yaml = readYamlDocuments(text.text);
  problems.push(...yaml.problems.map((p) => ({ ...p, file })));
  for (const { index, value } of yaml.documents) {
    const inDocument = (p: FieldProblem): ManifestProblem => ({
      severity: p.severity,
      file,
      document: index,
      ...(p.path !== '' ? { path: p.path } : {}),
      message: p.message,
    });
    if (isConfigDocument(value)) {
      const decodedObject = decodeConfigObject(value);
      problems.push(...decodedObject.problems.map(inDocument));
      if (decodedObject.object) objects.push({ object: decodedObject.object, document: index });
      continue;
    }
    if (isServiceDocument(value)) {
      const decodedService = value.kind === 'Service' ? decodeService(value) : decodeEndpoints(value);
      problems.push(...decodedService.problems.map(inDocument));
      if (decodedService.object) services.push({ object: decodedService.object, document: index });
      continue;
    }
    // Read before decoding, which drops the fields minikubelet does not keep.
    const written = writtenSecurityFields(value);
    const decoded = decodePod(value);
    problems.push(...decoded.problems.map(inDocument));
    if (decoded.manifest === undefined) continue;
    const pod = applyPodDefaults(decoded.manifest);
    problems.push(...withoutFollowOnProblems([...validatePod(pod), ...validateStaticPod(pod)], decoded.problems).map(inDocument));
    const form = writtenForm(decoded.manifest);
    const uid = computePodUid(form, pod.metadata.uid, input.nodeName, file);
    const legacyUid = pod.metadata.uid === '' ? { legacyUid: legacyPodUid(pod, input.nodeName, file) } : {};
    const staticPod = asStaticPod(pod, uid, input.nodeName);
    noteWrittenForm(staticPod, form);
    pods.push({ pod: staticPod, document: index, ...legacyUid, ...(written ? { written } : {}) });
  }
  const errors = problems.filter((p) => p.severity === 'error');
  const warnings = problems.filter((p) => p.severity === 'warning');
  const ok = errors.length === 0;
  return { file, pods: ok ? pods : [], objects: ok ? objects : [], services: ok ? services : [], errors, warnings };
}

function isServiceDocument(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && isServiceObjectKind((value as { kind?: unknown }).kind);
}

function isConfigDocument(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && isConfigObjectKind((value as { kind?: unknown }).kind);
}

/**
 * A refused field (a hook's `grpc`) is dropped before validation; what validation then says about the
 * object that held it (`postStart: must specify a handler type`) echoes the same mistake: left out.
 */
function withoutFollowOnProblems(validation: FieldProblem[], decoding: FieldProblem[]): FieldProblem[] {
  const holders = new Set(decoding.filter((p) => p.severity === 'error').map((p) => p.path.replace(/\.[^.[\]]+$/, '')));
  return validation.filter((p) => !holders.has(p.path));
}

/** The kubelet's static-pod identity: the UID, the node, and the config annotations. */
function asStaticPod(pod: Pod, uid: string, nodeName: string): Pod {
  return {
    ...pod,
    metadata: {
      ...pod.metadata,
      uid,
      annotations: { ...pod.metadata.annotations, 'kubernetes.io/config.hash': uid, 'kubernetes.io/config.source': 'file' },
    },
    // A nodeName naming another node is kept: admission refuses the pod (reason NodeName).
    spec: { ...pod.spec, nodeName: pod.spec.nodeName ?? nodeName },
  };
}

