/**
 * Orders two strings by UTF-16 code units, as the API server lists objects (by their etcd key, in
 * byte order) and as `kubectl` sorts names: `localeCompare` would fold case and reorder
 * punctuation, and its first call maps ICU's collation data into the process (2.5 MiB of RSS).
 */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
