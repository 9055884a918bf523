/**
 * The API's resourceVersion: one counter for every object, monotonic across agent restarts. The
 * counter is persisted in blocks (`<root-dir>/resource-version`): a start takes the next block, so
 * no version is ever handed out twice even after a crash, and only one write in BLOCK changes.
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';

const BLOCK = 10_000;

export class ResourceVersions {
  private value: number;
  private ceiling: number;

  private constructor(
    private readonly file: string,
    start: number,
  ) {
    this.value = start;
    this.ceiling = start;
    this.reserve();
  }

  /** Reads the last reserved ceiling (0 the first time) and starts above it. */
  static open(file: string): ResourceVersions {
    let start = 0;
    try {
      const text = readFileSync(file, 'utf8').trim();
      if (!/^\d+$/.test(text)) throw new Error(`${file} holds ${JSON.stringify(text.slice(0, 40))}, not a number: remove it (versions then restart low, clients relist)`);
      start = Number(text);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
    return new ResourceVersions(file, start);
  }

  /** The last version handed out (a list's resourceVersion). */
  current(): number {
    return this.value;
  }

  next(): number {
    this.value++;
    if (this.value >= this.ceiling) this.reserve();
    return this.value;
  }

  private reserve(): void {
    this.ceiling = this.value + BLOCK;
    const temp = `${this.file}.tmp`;
    writeFileSync(temp, `${this.ceiling}\n`);
    renameSync(temp, this.file);
  }
}
