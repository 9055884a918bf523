/** One problem with one manifest file (or one document in it). */
export interface ManifestProblem {
  severity: 'error' | 'warning';
  /** The file's path as the agent read it. */
  file: string;
  /** 0-based index of the YAML document in the file, when the problem belongs to one. */
  document?: number;
  /** The field path, `spec.containers[1].name`, when the problem belongs to one field. */
  path?: string;
  message: string;
}
