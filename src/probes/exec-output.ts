/** kubelet pkg/probe/exec/exec.go `maxReadLength`, pkg/probe/http/http.go `maxRespBodyLength`: 10 KiB. */
export const MAX_PROBE_OUTPUT_BYTES = 10 * 1024;

/**
 * Collects a non-TTY exec's output from Docker's multiplexed frames (1 byte stream id, 3 zero
 * bytes, 4-byte big-endian length, payload), keeping at most 10 KiB of each of stdout, stderr and
 * both interleaved (CRI `ExecSync` CombinedOutput); the rest is read and dropped so a chatty
 * process never blocks on a full pipe.
 */
export class ExecOutput {
  private pending: Buffer = Buffer.alloc(0);
  private readonly parts = { stdout: [] as Buffer[], stderr: [] as Buffer[], combined: [] as Buffer[] };
  private readonly sizes = { stdout: 0, stderr: 0, combined: 0 };

  push(chunk: Buffer): void {
    this.pending = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    while (this.pending.length >= 8) {
      const size = this.pending.readUInt32BE(4);
      if (this.pending.length < 8 + size) break;
      const payload = this.pending.subarray(8, 8 + size);
      this.keep(this.pending[0] === 2 ? 'stderr' : 'stdout', payload);
      this.keep('combined', payload);
      this.pending = this.pending.subarray(8 + size);
    }
  }

  get stdout(): string {
    return Buffer.concat(this.parts.stdout).toString();
  }

  get stderr(): string {
    return Buffer.concat(this.parts.stderr).toString();
  }

  get combined(): string {
    return Buffer.concat(this.parts.combined).toString();
  }

  private keep(which: 'stdout' | 'stderr' | 'combined', payload: Buffer): void {
    const room = MAX_PROBE_OUTPUT_BYTES - this.sizes[which];
    if (room <= 0) return;
    const part = payload.length > room ? payload.subarray(0, room) : payload;
    this.parts[which].push(Buffer.from(part));
    this.sizes[which] += part.length;
  }
}
