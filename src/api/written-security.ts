/**
 * Security fields a manifest may write that the schema does not keep (warned about and ignored by
 * the decoder: the engine's defaults apply), read from the document as written. Pod Security
 * admission judges a pod as a cluster would, on what the user wrote: a pod asking for
 * `seccompProfile: {type: Unconfined}` is refused at `baseline` even though minikubelet would not
 * honour it, and `restricted` needs `seccompProfile.type` written. They stay out of the pod itself
 * (and so out of its UID and container hashes, which cover only what minikubelet runs). Pure;
 * anything of the wrong type is left out (the decoder has already reported it).
 */

export interface WrittenSecurityContext {
  seccompProfileType?: string;
  appArmorProfileType?: string;
  seLinuxOptions?: { type?: string; user?: string; role?: string };
  /** Containers only. */
  procMount?: string;
  windowsHostProcess?: boolean;
}

export interface WrittenSecurityFields {
  pod: WrittenSecurityContext;
  /** By container name (init and app containers). */
  containers: Record<string, WrittenSecurityContext>;
  /** `spec.os.name` (a `windows` pod is exempt from some restricted checks). */
  osName?: string;
}

type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function text(o: Obj | undefined, key: string): string | undefined {
  const v = o?.[key];
  return typeof v === 'string' ? v : undefined;
}

function child(o: Obj | undefined, key: string): Obj | undefined {
  const v = o?.[key];
  return isObj(v) ? v : undefined;
}

function context(sc: Obj | undefined, container: boolean): WrittenSecurityContext {
  const out: WrittenSecurityContext = {};
  if (sc === undefined) return out;
  const seccomp = text(child(sc, 'seccompProfile'), 'type');
  if (seccomp !== undefined) out.seccompProfileType = seccomp;
  const appArmor = text(child(sc, 'appArmorProfile'), 'type');
  if (appArmor !== undefined) out.appArmorProfileType = appArmor;
  const se = child(sc, 'seLinuxOptions');
  if (se !== undefined) {
    const options: NonNullable<WrittenSecurityContext['seLinuxOptions']> = {};
    for (const key of ['type', 'user', 'role'] as const) {
      const v = text(se, key);
      if (v !== undefined) options[key] = v;
    }
    out.seLinuxOptions = options;
  }
  const procMount = container ? text(sc, 'procMount') : undefined;
  if (procMount !== undefined) out.procMount = procMount;
  const hostProcess = child(sc, 'windowsOptions')?.hostProcess;
  if (typeof hostProcess === 'boolean') out.windowsHostProcess = hostProcess;
  return out;
}

/** The fields above from one manifest document (before the decoder drops them); undefined when it writes none. */
export function writtenSecurityFields(document: unknown): WrittenSecurityFields | undefined {
  const spec = isObj(document) ? child(document, 'spec') : undefined;
  const containers: Record<string, WrittenSecurityContext> = {};
  for (const list of ['initContainers', 'containers']) {
    const items = spec?.[list];
    if (!Array.isArray(items)) continue;
    for (const c of items) {
      if (!isObj(c) || typeof c.name !== 'string') continue;
      const written = context(child(c, 'securityContext'), true);
      if (Object.keys(written).length > 0) containers[c.name] = written;
    }
  }
  const osName = text(child(spec, 'os'), 'name');
  const pod = context(child(spec, 'securityContext'), false);
  if (Object.keys(pod).length === 0 && Object.keys(containers).length === 0 && osName === undefined) return undefined;
  return { pod, containers, ...(osName !== undefined ? { osName } : {}) };
}
