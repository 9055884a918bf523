import { readFile } from 'node:fs/promises';
import type { Container, Pod } from '../api/pod-types.js';
import type { NodeLimits } from '../cgroups/node-limits.js';
import type { PodCgroups } from '../cgroups/pod-cgroups.js';
import type { DnsSettings, ImageInfo } from '../runtime/types.js';
import { needsImageUser } from '../security/effective-security-context.js';
import { verifyRunAsNonRoot } from '../security/make-security-options.js';
import { localhostSeccompPath } from '../security/security-profiles.js';
import { removeWithMounts } from '../volumes/tmpfs.js';
import { type ClusterDnsSettings, type DnsWarning, makeDnsSettings } from './make-dns-settings.js';
import { podDir } from '../volumes/pod-dirs.js';
import { isProjectedVolume } from '../volumes/make-volume-payload.js';
import { type ProjectionSources, isProjectedVolumeSetUp, setUpProjectedVolume } from '../volumes/projected-volume.js';
import { type PreparedVolumes, prepareVolumes, resolveMountSources } from './prepare-volumes.js';

export interface PodHostSetupDeps {
  rootDir: string;
  node: NodeLimits;
  /** Undefined: containers keep the engine's default cgroup parent. */
  cgroups?: PodCgroups;
  /** `--allowed-host-paths`: checked again on the hostPath's real path when it is mounted. */
  allowedHostPaths?: readonly string[];
  /** The node's resolv.conf, read when the pod's DNS is made from it (default /etc/resolv.conf). */
  resolvConfPath?: string;
  /** `--cluster-dns` and `--cluster-domain`; unset: no cluster DNS (ClusterFirst falls back to Default, as the kubelet does). */
  clusterDns?: ClusterDnsSettings;
  /** The directory's ConfigMaps and Secrets and the node's allocatable resources, for projected volumes. */
  projections?: ProjectionSources;
}

/** What a container's creation needs from the host beyond the pod spec. */
export interface ContainerHostOptions {
  node: NodeLimits;
  cgroupParent?: string;
  imageUser?: string;
  /** The content of a `Localhost` seccomp profile, read from `<root-dir>/seccomp/`. */
  seccompJson?: string;
  /** Host paths of mounts with a subPath / subPathExpr, by mountPath. */
  subPathSources: Map<string, string>;
}

/**
 * What the host prepares for a pod besides its containers, and takes down with it: the pod
 * cgroup, the volumes (emptyDir directories and tmpfs mounts, hostPath checks), the pod's
 * resolv.conf settings; and the per-container checks that need the host (subPath resolution, the
 * image's user for runAsNonRoot). The syncer calls it; the decisions stay in pure `make*` functions.
 */
export class PodHostSetup {
  constructor(private readonly deps: PodHostSetupDeps) {}

  /**
   * The pod cgroup with its limits (never fails: without it the per-container limits still apply).
   * Made while the sandbox is created, which names it and runs nothing; its start comes after both.
   */
  async ensurePodCgroup(pod: Pod): Promise<void> {
    await this.deps.cgroups?.ensure(pod);
  }

  /**
   * What the sandbox's creation needs: the pod cgroup's name, and the sandbox's DNS settings with
   * the kubelet's warnings when its limits cut them (`DNSConfigForming`, `MissingClusterDNS`).
   */
  async sandboxOptions(pod: Pod): Promise<{ options: { cgroupParent?: string; dns?: DnsSettings }; dnsWarnings: DnsWarning[] }> {
    const options: { cgroupParent?: string; dns?: DnsSettings } = {};
    const hostResolvConf = pod.spec.dnsPolicy !== 'None' ? await readFile(this.deps.resolvConfPath ?? '/etc/resolv.conf', 'utf8').catch(() => '') : '';
    if (this.deps.cgroups) options.cgroupParent = this.deps.cgroups.parentOf(pod);
    const dns = makeDnsSettings(pod, hostResolvConf, this.deps.clusterDns ?? { clusterDns: undefined, clusterDomain: '' });
    if (dns.settings) options.dns = dns.settings;
    return { options, dnsWarnings: dns.warnings };
  }

  prepareVolumes(pod: Pod): Promise<PreparedVolumes> {
    return prepareVolumes(pod, this.deps.rootDir, this.deps.node.memoryAllocatableBytes, {
      allowedHostPaths: this.deps.allowedHostPaths,
      sources: this.deps.projections,
    });
  }

  /**
   * A running pod's projected volumes that were set up, written again when their objects or the
   * pod's metadata changed (the kubelet remounts them on every sync); the errors by volume name.
   */
  async refreshProjectedVolumes(pod: Pod): Promise<Map<string, string>> {
    const failures = new Map<string, string>();
    const sources = this.deps.projections;
    if (!sources) return failures;
    for (const v of pod.spec.volumes) {
      if (!isProjectedVolume(v) || !(await isProjectedVolumeSetUp(pod, v, this.deps.rootDir))) continue;
      const setUp = await setUpProjectedVolume(pod, v, this.deps.rootDir, sources).catch((err: unknown) => ({ ok: false as const, error: (err as Error).message }));
      if (!setUp.ok) failures.set(v.name, setUp.error);
    }
    return failures;
  }

  /** The ConfigMaps and Secrets container env reads (none in tests that do not give them). */
  get config(): ProjectionSources | undefined {
    return this.deps.projections;
  }

  /**
   * Everything container creation needs from the host (`image` as `ensureImage` found it), or the
   * `CreateContainerConfigError` message:
   * a volume that failed its check, a subPath that cannot be made, a runAsNonRoot violation.
   */
  async containerOptions(
    pod: Pod,
    container: Container,
    volumes: PreparedVolumes,
    image: ImageInfo,
    env?: ReadonlyMap<string, string>,
  ): Promise<{ error: string } | ContainerHostOptions> {
    const mounts = await resolveMountSources(container, volumes, env);
    if ('error' in mounts) return mounts;
    const options: ContainerHostOptions = { node: this.deps.node, subPathSources: mounts.sources };
    if (this.deps.cgroups) options.cgroupParent = this.deps.cgroups.parentOf(pod);
    if (needsImageUser(pod, container)) {
      options.imageUser = image.user ?? '';
      const violation = verifyRunAsNonRoot(pod, container, options.imageUser);
      if (violation) return { error: violation };
    }
    const seccompPath = localhostSeccompPath(this.deps.rootDir, pod, container);
    if (seccompPath !== undefined) {
      try {
        options.seccompJson = await readFile(seccompPath, 'utf8');
      } catch (err) {
        // kubelet `getSeccompProfile`: the container is not created (CreateContainerConfigError).
        return { error: `failed to generate seccomp security options for container: cannot load seccomp profile "${seccompPath}": ${(err as Error).message}` };
      }
    }
    return options;
  }

  /** Right after a container started: what its cgroup needs that Docker cannot say (cgroup v2 `memory.oom.group`). */
  async containerStarted(pod: Pod, containerId: string): Promise<void> {
    await this.deps.cgroups?.setOomGroup(pod, containerId);
  }

  /** After the pod's containers are gone: its directory (tmpfs unmounted first) and its cgroup. */
  async removePod(podUid: string): Promise<void> {
    await removeWithMounts(podDir(this.deps.rootDir, podUid));
    await this.deps.cgroups?.remove(podUid);
  }
}
