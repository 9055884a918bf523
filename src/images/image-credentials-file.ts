import { readFileSync, statSync } from 'node:fs';
import type { Logger } from 'pino';
import { type RegistryAuth, credentialsFor, parseDockerConfig } from './registry-credentials.js';

/**
 * The `--image-credentials` file, read at start (a broken file stops the agent with a clear
 * error) and read again when it changes, so rotated credentials apply without a restart.
 */
export class ImageCredentialsFile {
  private auths = new Map<string, RegistryAuth>();
  private mtimeMs = -1;

  constructor(
    private readonly path: string,
    private readonly log: Logger,
  ) {
    this.reload(true);
  }

  lookup(image: string): RegistryAuth | undefined {
    this.reload(false);
    return credentialsFor(this.auths, image);
  }

  private reload(strict: boolean): void {
    let mtimeMs: number;
    try {
      mtimeMs = statSync(this.path).mtimeMs;
    } catch (err) {
      if (strict) throw new Error(`--image-credentials ${this.path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`, { cause: err });
      return;
    }
    if (mtimeMs === this.mtimeMs) return;
    const parsed = parseDockerConfig(readFileSync(this.path, 'utf8'), this.path);
    if (!parsed.ok) {
      if (strict) throw new Error(parsed.error);
      this.log.warn({ file: this.path, error: parsed.error }, 'Kept the previous registry credentials: the file is not valid');
      return;
    }
    this.mtimeMs = mtimeMs;
    this.auths = parsed.auths;
    this.log.info({ file: this.path, registries: [...parsed.auths.keys()] }, 'Read registry credentials');
  }
}
