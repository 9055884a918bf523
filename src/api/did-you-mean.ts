/**
 * The known name a mistyped one most likely meant: same letters in another case (`imagepullpolicy`),
 * snake or kebab case (`mount_path`), or a few edits away (`workdir` → `workingDir`). Undefined
 * when nothing is close enough to be a useful hint.
 */
export function closestName(input: string, candidates: readonly string[]): string | undefined {
  const wanted = normalise(input);
  let best: { name: string; distance: number } | undefined;
  for (const candidate of candidates) {
    const distance = editDistance(wanted, normalise(candidate));
    if (distance === 0) return candidate;
    if (best === undefined || distance < best.distance) best = { name: candidate, distance };
  }
  if (best === undefined) return undefined;
  const longest = Math.max(wanted.length, best.name.length);
  return best.distance <= Math.max(1, Math.floor(longest * 0.3)) ? best.name : undefined;
}

function normalise(name: string): string {
  return name.toLowerCase().replace(/[-_]/g, '');
}

/** Levenshtein distance, two rows; inputs are short field names. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}
