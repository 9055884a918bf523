import type { NodeSelectorRequirement, NodeSelectorTerm, Pod } from '../api/pod-types.js';

/** One requirement against the node's labels (or, for matchFields, `metadata.name`). */
function matches(req: NodeSelectorRequirement, value: string | undefined): boolean {
  const values = req.values ?? [];
  switch (req.operator) {
    case 'In':
      return value !== undefined && values.includes(value);
    case 'NotIn':
      return value === undefined || !values.includes(value);
    case 'Exists':
      return value !== undefined;
    case 'DoesNotExist':
      return value === undefined;
    case 'Gt':
    case 'Lt': {
      if (value === undefined || values.length !== 1) return false;
      const [a, b] = [Number.parseInt(value, 10), Number.parseInt(values[0]!, 10)];
      if (Number.isNaN(a) || Number.isNaN(b)) return false;
      return req.operator === 'Gt' ? a > b : a < b;
    }
  }
}

function termMatches(term: NodeSelectorTerm, labels: Record<string, string>, nodeName: string): boolean {
  const expressions = term.matchExpressions ?? [];
  const fields = term.matchFields ?? [];
  // An empty term matches nothing (k8s component-helpers nodeaffinity).
  if (expressions.length === 0 && fields.length === 0) return false;
  return (
    expressions.every((r) => matches(r, labels[r.key])) &&
    fields.every((r) => matches(r, r.key === 'metadata.name' ? nodeName : undefined))
  );
}

/**
 * The scheduler's NodeAffinity filter as the kubelet runs it at admission
 * (k8s component-helpers `GetRequiredNodeAffinity(pod).Match(node)`): every nodeSelector label
 * equal, and at least one required nodeSelectorTerm matching (terms are ORed, requirements ANDed).
 */
export function podMatchesNode(pod: Pod, labels: Record<string, string>, nodeName: string): boolean {
  for (const [key, value] of Object.entries(pod.spec.nodeSelector ?? {})) if (labels[key] !== value) return false;
  const terms = pod.spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
  if (terms === undefined) return true;
  return terms.some((t) => termMatches(t, labels, nodeName));
}
