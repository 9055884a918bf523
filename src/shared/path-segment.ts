/**
 * Whether a value the agent did not necessarily write itself (a Docker label anyone with the
 * engine's socket can set) can be one path segment: never `.`, `..`, nor holding a separator or
 * NUL, so no value can make the agent unmount or remove anything outside its root dir.
 */
export function isSafeSegment(value: string): boolean {
  return value !== '' && value !== '.' && value !== '..' && !/[/\\\0]/.test(value);
}
