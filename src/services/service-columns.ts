import type { ApiEndpoints, ApiService } from './api-service.js';

/**
 * The cells kubectl prints for Services and Endpoints (pkg/printers/internalversion/printers.go),
 * shared by the CLI's tables and the API's server-side Tables.
 */

const MAX_ENDPOINTS_SHOWN = 3;

/** `80/TCP`, `80:30080/TCP`, joined with commas (`makePortString`). */
export function servicePorts(service: ApiService): string {
  const ports = (service.spec.ports ?? []).map((p) => (p.nodePort ? `${p.port}:${p.nodePort}/${p.protocol}` : `${p.port}/${p.protocol}`));
  return ports.length > 0 ? ports.join(',') : '<none>';
}

/** `labels.FormatLabels`: `a=b,c=d` sorted by key, `<none>` when empty. */
export function formatSelector(selector: Record<string, string> | undefined): string {
  const entries = Object.entries(selector ?? {}).sort(([a], [b]) => (a < b ? -1 : 1));
  return entries.length > 0 ? entries.map(([k, v]) => `${k}=${v}`).join(',') : '<none>';
}

/**
 * `10.0.0.5:8080,10.0.0.6:8080 + 1 more...`: the ready addresses with each port (of the named ports
 * only, when `portNames` is given), at most three shown (`formatEndpoints`).
 */
export function formatEndpoints(endpoints: ApiEndpoints, portNames?: ReadonlySet<string>): string {
  const subsets = endpoints.subsets ?? [];
  if (subsets.length === 0) return '<none>';
  const list: string[] = [];
  let count = 0;
  let more = false;
  const add = (text: string) => {
    if (list.length === MAX_ENDPOINTS_SHOWN) more = true;
    else list.push(text);
  };
  for (const subset of subsets) {
    const addresses = subset.addresses ?? [];
    if (subset.ports.length === 0) {
      count += addresses.length;
      for (const a of addresses) add(a.ip);
      continue;
    }
    for (const port of subset.ports) {
      if (portNames && !portNames.has(port.name ?? '')) continue;
      count += addresses.length;
      for (const a of addresses) add(`${a.ip}:${port.port}`);
    }
  }
  const text = list.join(',');
  return more ? `${text} + ${count - MAX_ENDPOINTS_SHOWN} more...` : text;
}

