import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * The host's network links by interface index, from `/sys/class/net`: each link's `ifindex` is
 * read once, when its name first shows up, so finding a new pod's veth reads one or two files,
 * not every link's (with 100 pods, 200 reads per pod start: 20,000 for a burst of 100, and with
 * them at once, megabytes of buffers the agent kept after the burst). A name found is checked
 * again before it is trusted: a link deleted and made again under the same name has a new index.
 */
export class HostLinks {
  private readonly indexByName = new Map<string, string>();
  /** One lookup at a time: a fresh pass clears the cache another lookup may be reading. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(readonly sysNet = '/sys/class/net') {}

  /** The name of the host link with this ifindex, undefined when none has it. */
  nameOf(index: string): Promise<string | undefined> {
    const lookup = this.queue.then(() => this.lookup(index, false));
    this.queue = lookup.catch(() => undefined);
    return lookup;
  }

  private async lookup(index: string, fresh: boolean): Promise<string | undefined> {
    if (fresh) this.indexByName.clear();
    const names = await readdir(this.sysNet);
    const present = new Set(names);
    for (const name of this.indexByName.keys()) if (!present.has(name)) this.indexByName.delete(name);
    for (const name of names) if (!this.indexByName.has(name)) this.indexByName.set(name, await this.readIndex(name));
    for (const [name, known] of this.indexByName) {
      if (known !== index) continue;
      if ((await this.readIndex(name)) === index) return name;
      break;
    }
    // Not where it was known to be, or not known: a link made again under a known name has a new
    // index; every index is read afresh, once.
    return fresh ? undefined : this.lookup(index, true);
  }

  private async readIndex(name: string): Promise<string> {
    return (await readFile(join(this.sysNet, name, 'ifindex'), 'utf8').catch(() => '')).trim();
  }
}
