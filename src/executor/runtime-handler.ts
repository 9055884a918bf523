import type { Pod } from '../api/pod-types.js';

/**
 * The Docker runtime of a pod's RuntimeClass (kubelet runtimeclass_manager.go
 * `LookupRuntimeHandler`): no `runtimeClassName` → the engine's default runtime; a name the node
 * does not know → the kubelet's lookup error, which fails the sandbox (`FailedCreatePodSandBox`)
 * and is retried with back-off, so adding the class to the agent's config lets the pod start.
 */
export function runtimeHandlerOf(pod: Pod, handlers: Readonly<Record<string, string>>): { runtime?: string } {
  const name = pod.spec.runtimeClassName;
  if (name === undefined || name === '') return {};
  const handler = Object.hasOwn(handlers, name) ? handlers[name] : undefined;
  if (handler === undefined) {
    const known = Object.keys(handlers);
    const hint = known.length > 0 ? `the node knows ${known.map((k) => `"${k}"`).join(', ')}` : 'the node defines none';
    throw new Error(`failed to lookup RuntimeClass ${name}: runtimeclass.node.k8s.io "${name}" not found (${hint}; add it with --runtime-classes ${name}=<docker runtime> or runtimeClasses in the config file)`);
  }
  // `runc` is what the kubelet's CRI calls the default handler; Docker names its default runtime so too.
  return { runtime: handler };
}
