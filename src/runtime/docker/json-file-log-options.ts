import type { LogRotation } from '../types.js';

/**
 * The json-file log driver's rotation options (`max-size`, `max-file`) for a LogRotation. Docker
 * reads sizes with binary suffixes (go-units `RAMInBytes`: `10m` is 10 MiB), so the kubelet's
 * `10Mi` becomes `10m`; a size that is no whole number of KiB stays in bytes.
 */
export function jsonFileLogOptions(rotation: LogRotation | undefined): Record<string, string> {
  if (rotation === undefined) return {};
  return { 'max-size': dockerByteSize(rotation.maxSizeBytes), 'max-file': String(rotation.maxFiles) };
}

function dockerByteSize(bytes: number): string {
  for (const [suffix, unit] of [['g', 2 ** 30], ['m', 2 ** 20], ['k', 2 ** 10]] as const) {
    if (bytes % unit === 0) return `${bytes / unit}${suffix}`;
  }
  return String(bytes);
}
