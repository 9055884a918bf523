import type { Logger } from 'pino';
import { planLogCap } from '../node/plan-log-cap.js';
import type { LoggingContainer, NodeLogFiles } from '../runtime/docker/container-log-files.js';

/** kubelet `ContainerLogMonitorInterval`: the container log manager looks every 10 s. */
export const LOG_CAP_INTERVAL_MS = 10_000;

/**
 * Holds this node's container logs under `--container-log-max-total-size` (`planLogCap`): every 10 s
 * the log files of the containers the last relist listed are weighed and, over the cap, rotated
 * files deleted (the kubelet's log manager lists the runtime's containers itself: here the relist's
 * list, at most one relist period old, spares a second list of every container). Never throws: a
 * failed pass is logged once until one succeeds.
 */
export class LogCap {
  private timer: NodeJS.Timeout | undefined;
  private running = false;
  private failing = false;

  constructor(private readonly deps: {
    files: NodeLogFiles;
    /** The node's containers as the last relist listed them; undefined before the first. */
    containers: () => readonly LoggingContainer[] | undefined;
    capBytes: number;
    log: Logger;
  }) {}

  start(intervalMs = LOG_CAP_INTERVAL_MS): void {
    this.timer = setInterval(() => void this.enforce(), intervalMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  async enforce(): Promise<void> {
    const listed = this.deps.containers();
    if (this.running || !listed) return;
    this.running = true;
    try {
      const containers = await this.deps.files.list(listed);
      const remove = planLogCap(containers, this.deps.capBytes);
      if (remove.length > 0) {
        const total = containers.reduce((sum, c) => sum + c.live.bytes + c.rotated.reduce((s, f) => s + f.bytes, 0), 0);
        this.deps.log.warn({ totalBytes: total, capBytes: this.deps.capBytes, files: remove.length }, 'Container logs over the node cap: deleting the oldest rotated log files');
      }
      for (const file of remove) await this.deps.files.remove(file);
      this.failing = false;
    } catch (err) {
      if (!this.failing) this.deps.log.warn({ err: { message: (err as Error).message } }, 'Failed to enforce the node-wide container log cap');
      this.failing = true;
    } finally {
      this.running = false;
    }
  }
}
