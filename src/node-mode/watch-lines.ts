/**
 * A watch stream's framing: one JSON object per line (the API server's `application/json` watch),
 * in chunks that cut anywhere, a multi-byte character included. Pure.
 */
export class WatchLineSplitter {
  private pending: Buffer = Buffer.alloc(0);

  /** The complete, non-empty lines this chunk ends. */
  push(chunk: Buffer): string[] {
    this.pending = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    const lines: string[] = [];
    let start = 0;
    for (let nl = this.pending.indexOf(10, start); nl !== -1; nl = this.pending.indexOf(10, start)) {
      const line = this.pending.subarray(start, nl).toString('utf8').trim();
      if (line !== '') lines.push(line);
      start = nl + 1;
    }
    this.pending = this.pending.subarray(start);
    return lines;
  }
}
