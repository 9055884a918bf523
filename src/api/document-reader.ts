import { childPath, fieldError, fieldWarning, type FieldProblem } from './field-path.js';
import { describeValue } from './schema-issues.js';

/**
 * Reads a decoded YAML/JSON document field by field, the JSON decoder's part of the API server's
 * work for the kinds with few fields (Services, Endpoints, EndpointSlices): each value's type is
 * checked where it is read, a wrong type is an error naming the field path, `null` counts as absent,
 * and every key nobody read is reported (`refused` keys as errors with their reason, others as
 * warnings), never silently ignored.
 */
export class DocumentReader {
  readonly problems: FieldProblem[] = [];

  /** A mapping at `path`, or undefined (absent, or not a mapping: reported). */
  map(value: unknown, path: string): Record<string, unknown> | undefined {
    if (value === undefined || value === null) return undefined;
    if (typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
    this.problems.push(fieldError(path, `must be a mapping, got ${describeValue(value)}`));
    return undefined;
  }

  list(value: unknown, path: string): unknown[] {
    if (value === undefined || value === null) return [];
    if (Array.isArray(value)) return value;
    this.problems.push(fieldError(path, `must be a list, got ${describeValue(value)}`));
    return [];
  }

  str(value: unknown, path: string): string | undefined {
    if (value === undefined || value === null) return undefined;
    if (typeof value === 'string') return value;
    this.problems.push(fieldError(path, `must be a string, got ${describeValue(value)}`));
    return undefined;
  }

  bool(value: unknown, path: string): boolean | undefined {
    if (value === undefined || value === null) return undefined;
    if (typeof value === 'boolean') return value;
    this.problems.push(fieldError(path, `must be true or false, got ${describeValue(value)}`));
    return undefined;
  }

  /** An int32 (ports, timeouts): larger values do not decode. */
  int(value: unknown, path: string): number | undefined {
    if (value === undefined || value === null) return undefined;
    if (typeof value === 'number' && Number.isInteger(value) && value >= -(2 ** 31) && value < 2 ** 31) return value;
    this.problems.push(fieldError(path, `must be an integer (int32), got ${describeValue(value)}`));
    return undefined;
  }

  /** `intstr.IntOrString`. */
  intOrString(value: unknown, path: string): number | string | undefined {
    if (typeof value === 'string') return value;
    return this.int(value, path);
  }

  stringMap(value: unknown, path: string): Record<string, string> | undefined {
    const map = this.map(value, path);
    if (!map) return undefined;
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(map)) {
      const s = this.str(v, childPath(path, k));
      if (s !== undefined) out[k] = s;
    }
    return out;
  }

  /**
   * Reports the keys of `map` not in `known`: a `refused` key is an error with its reason (the
   * field asks for something this node does not do), a server-set one a quiet warning, any other
   * an "unknown field" warning.
   */
  leftovers(map: Record<string, unknown>, path: string, known: readonly string[], refused: Readonly<Record<string, string>> = {}, serverSet: readonly string[] = []): void {
    for (const [key, value] of Object.entries(map)) {
      if (known.includes(key) || value === null) continue;
      const at = childPath(path, key);
      const reason = refused[key];
      if (reason !== undefined) this.problems.push(fieldError(at, reason));
      else if (serverSet.includes(key)) this.problems.push(fieldWarning(at, 'set by the API server; ignored in a manifest'));
      else this.problems.push(fieldWarning(at, 'unknown field, ignored'));
    }
  }

  error(path: string, message: string): void {
    this.problems.push(fieldError(path, message));
  }
}

const SERVER_SET_METADATA = ['uid', 'resourceVersion', 'creationTimestamp', 'selfLink', 'generation', 'managedFields', 'ownerReferences', 'finalizers'];

/** `metadata` of a namespaced object: name, namespace (default `default`), labels, annotations. */
export function readObjectMeta(reader: DocumentReader, value: unknown): { name: string; namespace: string; labels: Record<string, string>; annotations: Record<string, string> } {
  const m = reader.map(value, 'metadata') ?? {};
  reader.leftovers(m, 'metadata', ['name', 'namespace', 'labels', 'annotations'], { generateName: 'generateName needs an API server to pick the name: give metadata.name' }, SERVER_SET_METADATA);
  return {
    name: reader.str(m.name, 'metadata.name') ?? '',
    namespace: reader.str(m.namespace, 'metadata.namespace') || 'default',
    labels: reader.stringMap(m.labels, 'metadata.labels') ?? {},
    annotations: reader.stringMap(m.annotations, 'metadata.annotations') ?? {},
  };
}
