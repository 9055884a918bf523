import { readdir, readFile, writeFile } from 'node:fs/promises';
import { ensurePodDir } from './ensure-pod-dir.js';
import path from 'node:path';
import { podDir } from './pod-dirs.js';
import { removeWithMounts } from './tmpfs.js';

/** The file in a pod's directory that records its eviction, so an agent restart keeps the pod Failed. */
const MARKER = 'evicted';

/**
 * Pods the agent evicted (an emptyDir over its sizeLimit), with the eviction message. An evicted pod
 * is never started again: the kubelet's evicted pods are terminal (phase Failed, reason Evicted).
 * The record lives in the pod's directory, so it survives an agent restart and goes with the pod
 * (a manifest removed, or edited: a new UID).
 */
export class PodEvictions {
  private readonly messages = new Map<string, string>();

  constructor(private readonly rootDir: string) {}

  /** Reads the records left by an earlier run of the agent. */
  async load(): Promise<void> {
    const uids = await readdir(path.join(this.rootDir, 'pods')).catch(() => [] as string[]);
    for (const uid of uids) {
      const message = await readFile(path.join(podDir(this.rootDir, uid), MARKER), 'utf8').catch(() => undefined);
      if (message !== undefined) this.messages.set(uid, message);
    }
  }

  get(podUid: string): string | undefined {
    return this.messages.get(podUid);
  }

  async record(podUid: string, message: string): Promise<void> {
    this.messages.set(podUid, message);
    await ensurePodDir(this.rootDir, podUid);
    await writeFile(path.join(podDir(this.rootDir, podUid), MARKER), message);
  }

  /**
   * The evicted pod's volumes go once its containers are stopped (the kubelet tears down the
   * volumes of terminated pods): that frees the disk the eviction was about.
   */
  async removeVolumes(podUid: string): Promise<void> {
    await removeWithMounts(path.join(podDir(this.rootDir, podUid), 'volumes'));
  }

  forget(podUid: string): void {
    this.messages.delete(podUid);
  }
}
