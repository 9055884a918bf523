/**
 * The bytes of a manifest file → text, or the reason it is not a text manifest. Checked before any
 * YAML parsing so that binary files, huge files and the wrong encoding get one clear message.
 */

/**
 * 1 MiB, where the kubelet's `maxConfigLength` is 10 MiB (k8s `pkg/kubelet/config/common.go`): the
 * YAML parser reads about 1 MB/s in the worst case, and parsing runs on the agent's event loop, so a
 * 10 MiB file could stall it for seconds. A Pod's annotations are capped at 256 KiB; real
 * manifests are far below 1 MiB.
 */
export const MAX_MANIFEST_BYTES = 1024 * 1024;

export function oversizedMessage(size: number): string {
  return `file is ${(size / 2 ** 20).toFixed(1)} MiB, larger than minikubelet's 1 MiB limit for a manifest file`;
}

export type ManifestText = { ok: true; text: string } | { ok: false; message: string };

export function decodeManifestText(content: string | Buffer): ManifestText {
  const size = typeof content === 'string' ? Buffer.byteLength(content, 'utf8') : content.length;
  if (size > MAX_MANIFEST_BYTES)
    return { ok: false, message: oversizedMessage(size) };
  const decoded = typeof content === 'string' ? { ok: true as const, text: content.replace(/^\uFEFF/, '') } : decodeUtf8(content);
  if (!decoded.ok) return decoded;
  // eslint-disable-next-line no-control-regex -- finding control characters is the point
  const control = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/.exec(decoded.text);
  if (control) {
    if (control[0] === '\u0000')
      return { ok: false, message: 'file contains NUL bytes: it looks like a binary file, not a YAML or JSON manifest' };
    const { line, column } = lineAndColumn(decoded.text, control.index);
    const code = control[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0');
    const message = `file contains the control character U+${code} at line ${line}, column ${column}: a manifest must be text`;
    return { ok: false, message };
  }
  return decoded;
}

function decodeUtf8(bytes: Buffer): ManifestText {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))
    return { ok: false, message: 'file is UTF-16 encoded: save it as UTF-8' };
  try {
    // fatal: invalid UTF-8 throws instead of turning into U+FFFD; the UTF-8 BOM is dropped.
    return { ok: true, text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
  } catch {
    return { ok: false, message: 'file is not valid UTF-8 text: it looks like a binary file, not a YAML or JSON manifest' };
  }
}

/** 1-based line and column of a string offset. */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: offset - lineStart + 1 };
}
