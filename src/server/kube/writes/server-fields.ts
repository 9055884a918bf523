/**
 * What of a written object goes into the manifest: not the fields the server sets (status,
 * resourceVersion, creationTimestamp, managedFields, the static-pod annotations, the file
 * annotation), and not what a GET added to a document that did not write it (its namespace, the
 * node name, the uid). A uid or namespace the document wrote is kept. Pure.
 */
const SERVER_METADATA = ['resourceVersion', 'creationTimestamp', 'generation', 'managedFields', 'selfLink', 'deletionTimestamp', 'deletionGracePeriodSeconds'];
const SERVER_ANNOTATIONS = ['kubernetes.io/config.hash', 'kubernetes.io/config.source', 'kubernetes.io/config.seen', 'minikubelet.io/manifest-file'];

type JsonMap = Record<string, unknown>;

/** `value` as the document should hold it; `previous` is the document now (absent: a new file). */
export function withoutServerFields(value: JsonMap, nodeName: string, previous: JsonMap | undefined): JsonMap {
  const { status: _status, ...object } = structuredClone(value);
  const metadata = isMap(object['metadata']) ? object['metadata'] : {};
  const before = isMap(previous?.['metadata']) ? previous['metadata'] : undefined;
  for (const key of SERVER_METADATA) delete metadata[key];
  if (before !== undefined && before['uid'] === undefined) delete metadata['uid'];
  if (before === undefined) delete metadata['uid'];
  if (before !== undefined && before['namespace'] === undefined && (metadata['namespace'] === 'default' || metadata['namespace'] === '')) delete metadata['namespace'];
  if (isMap(metadata['annotations'])) {
    const annotations = metadata['annotations'];
    for (const key of SERVER_ANNOTATIONS) delete annotations[key];
    if (Object.keys(annotations).length === 0 && !isMap(before?.['annotations'])) delete metadata['annotations'];
  }
  object['metadata'] = metadata;
  const spec = object['spec'];
  const specBefore = previous?.['spec'];
  if (object['kind'] === 'Pod' && isMap(spec) && spec['nodeName'] === nodeName && !(isMap(specBefore) && 'nodeName' in specBefore)) delete spec['nodeName'];
  return object;
}

/** The object's `metadata.resourceVersion` and `metadata.uid`, if the request set them (preconditions). */
export function preconditionsOf(value: unknown): { resourceVersion?: string; uid?: string } {
  const metadata = isMap(value) && isMap(value['metadata']) ? value['metadata'] : {};
  const rv = metadata['resourceVersion'];
  const uid = metadata['uid'];
  return { ...(typeof rv === 'string' && rv !== '' ? { resourceVersion: rv } : {}), ...(typeof uid === 'string' && uid !== '' ? { uid } : {}) };
}

function isMap(v: unknown): v is JsonMap {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
