/**
 * The kinds of value a `run` option takes. Each kind parses the flag's text and the config file's
 * YAML value, so the command line and the `--config` file accept and refuse the same things, and
 * the checks below give both the same words.
 */
import { isIP } from 'node:net';
import { resolve } from 'node:path';
import * as z from 'zod';
import { dns1123SubdomainErrors } from '../api/name-validation.js';
import { memoryToBytes } from '../api/quantity.js';
import { type Ipv4Cidr, ipv4ToNumber, parseIpv4Cidr } from '../shared/ipv4-cidr.js';
import { type EvictionThreshold, parseEvictionThresholds } from '../node/eviction-thresholds.js';

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

export interface ValueKind<T> {
  /** The flag's text to a value. Absent for a switch (true when given) and for choices. */
  readonly parse?: (text: string) => Parsed<T>;
  /** The only values: commander checks the flag against them and lists them in --help. */
  readonly choices?: readonly string[];
  /** The value in the config file, where YAML gives numbers, booleans, lists and maps. */
  readonly schema: z.ZodType<T>;
  /** Applied to a value the config file gave, whose relative paths are relative to the file. */
  fromFile?(value: T, fileDir: string): T;
}

function ok<T>(value: T): Parsed<T> {
  return { ok: true, value };
}

/** A name or an image reference, as given. */
export const nonEmptyText: ValueKind<string> = { parse: ok, schema: z.string().min(1) };

/** A path, made absolute: relative to the working directory on the command line, to the file in the file. */
export const absolutePath: ValueKind<string> = {
  parse: (text) => ok(resolve(text)),
  schema: z.string().min(1),
  fromFile: (value, fileDir) => resolve(fileDir, value),
};

/**
 * Comma-separated paths on the command line, made absolute there. The file's list is taken as
 * written, not resolved against the file as `absolutePath` values are: that is how files have
 * always been read, and a file must keep its meaning.
 */
export const absolutePathList: ValueKind<string[]> = {
  parse: (text) => ok(splitList(text).map((p) => resolve(p))),
  schema: z.array(z.string().min(1)),
};

/** One of a fixed list (`--log-level`); commander and zod each name the list when refusing a value. */
export function oneOf<const T extends string>(choices: readonly [T, ...T[]]): ValueKind<T> {
  return { choices, schema: z.enum(choices) };
}

/** A switch (`--allow-privileged`): no value on the command line, a boolean in the file. */
export const toggle: ValueKind<boolean> = { schema: z.boolean() };

/** Zod words these refusals in the file ("Too small: expected number to be >0"), as it always has. */
export const positiveInt: ValueKind<number> = {
  parse(text) {
    const value = Number(text);
    return Number.isInteger(value) && value > 0 ? ok(value) : { ok: false, error: 'must be a positive integer' };
  },
  schema: z.number().int().positive(),
};

export const port = checkedNumber((n) => (Number.isInteger(n) && n >= 0 && n <= 65535 ? undefined : 'must be a port number from 0 to 65535'));

export const listenAddress = checkedString((text) => (isIP(text) !== 0 ? undefined : 'must be an IP address (127.0.0.1, or 0.0.0.0 for every interface)'));

/** The kubelet's clusterDomain is a DNS-1123 subdomain (`cluster.local`). */
export const dnsDomain = checkedString((text) => {
  const errors = dns1123SubdomainErrors(text);
  return errors.length === 0 ? undefined : errors.join('; ');
});

/** The kubelet refuses fewer than 2 files (`containerLogMaxFiles must be greater than 1`). */
export const logFileCount = checkedNumber((n) => (Number.isInteger(n) && n >= 2 ? undefined : 'must be an integer of at least 2'));

/** A byte quantity such as `10Mi` (kubelet containerLogMaxSize); in the file a plain number of bytes too. */
export const byteQuantity: ValueKind<number> = {
  parse: parseBytes,
  schema: z.union([z.string(), z.number()]).transform((value, ctx) => {
    const bytes = parseBytes(String(value));
    if (bytes.ok) return bytes.value;
    ctx.addIssue({ code: 'custom', message: bytes.error });
    return z.NEVER;
  }),
};

/** `a=b,c=d` on the command line (kubelet `--node-labels`, `--system-reserved`); a map in the file. */
export const keyValues: ValueKind<Record<string, string>> = {
  parse(text) {
    const out: Record<string, string> = {};
    for (const part of splitList(text)) {
      const eq = part.indexOf('=');
      if (eq <= 0) return { ok: false, error: `"${part}" is not key=value` };
      out[part.slice(0, eq)] = part.slice(eq + 1);
    }
    return ok(out);
  },
  schema: z.record(z.string(), z.string()),
};

/** An IPv4 CIDR range (`--service-cluster-ip-range 10.96.0.0/12`). */
export const ipv4Cidr: ValueKind<Ipv4Cidr> = textParsedBy(parseIpv4Cidr);

/** An IPv4 address (`--cluster-dns 10.96.0.10`). */
export const ipv4Address = checkedString((text) => (ipv4ToNumber(text) !== undefined ? undefined : `"${text}" is not an IPv4 address such as 10.96.0.10`));

export interface PortRange {
  readonly min: number;
  readonly max: number;
}

/** `30000-32767` (kube-apiserver `--service-node-port-range`). */
export const portRange: ValueKind<PortRange> = textParsedBy((text) => {
  const match = /^(\d{1,5})-(\d{1,5})$/.exec(text.trim());
  const [min, max] = match ? [Number(match[1]), Number(match[2])] : [NaN, NaN];
  if (!(min >= 1 && max <= 65535 && min <= max)) return { ok: false, error: `"${text}" is not a port range such as 30000-32767 (first-last, from 1 to 65535)` };
  return ok({ min, max });
});

/** A percentage of a filesystem, 0 to 100 (kubelet --image-gc-high-threshold). */
export const percent = checkedNumber((n) => (Number.isInteger(n) && n >= 0 && n <= 100 ? undefined : 'must be a whole percentage from 0 to 100'));

/** A Go duration as the kubelet's flags take one: `2m`, `90s`, `1h30m`, `0s`; in milliseconds. */
export const duration: ValueKind<number> = textParsedBy((text) => {
  const match = /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/.exec(text.trim());
  if (!match || text.trim() === '') return { ok: false, error: `"${text}" is not a duration such as 2m, 90s or 1h30m` };
  const [h, m, sec] = [match[1], match[2], match[3]].map((part) => Number(part ?? 0)) as [number, number, number];
  return ok(((h * 60 + m) * 60 + sec) * 1000);
});

/** Comma-separated text items on the command line, a list in the file. */
export const textList: ValueKind<string[]> = {
  parse: (text) => ok(splitList(text)),
  schema: z.array(z.string().min(1)),
};

/** Disk eviction thresholds in the kubelet's `--eviction-hard` syntax: `nodefs.available<10%,imagefs.available<15%`. */
export const evictionThresholds: ValueKind<EvictionThreshold[]> = textParsedBy((text) => {
  const parsed = parseEvictionThresholds(text);
  return parsed.ok ? ok(parsed.value) : parsed;
});

/** A kind whose flag text and file value are the same text, parsed by one function. */
function textParsedBy<T>(parse: (text: string) => Parsed<T>): ValueKind<T> {
  return {
    parse,
    schema: z.string().transform((value, ctx) => {
      const parsed = parse(value);
      if (parsed.ok) return parsed.value;
      ctx.addIssue({ code: 'custom', message: parsed.error });
      return z.NEVER;
    }),
  };
}

function parseBytes(text: string): Parsed<number> {
  const bytes = memoryToBytes(text);
  if (!bytes.ok) return bytes;
  if (bytes.value < 1) return { ok: false, error: 'must be a positive quantity of bytes, such as 10Mi' };
  return bytes;
}

function splitList(text: string): string[] {
  return text.split(',').map((p) => p.trim()).filter(Boolean);
}

function checkedNumber(check: (value: number) => string | undefined): ValueKind<number> {
  return { parse: (text) => checked(Number(text), check), schema: refinedBy(z.number(), check) };
}

function checkedString(check: (value: string) => string | undefined): ValueKind<string> {
  return { parse: (text) => checked(text, check), schema: refinedBy(z.string(), check) };
}

function checked<T>(value: T, check: (value: T) => string | undefined): Parsed<T> {
  const problem = check(value);
  return problem === undefined ? ok(value) : { ok: false, error: problem };
}

function refinedBy<T>(schema: z.ZodType<T>, check: (value: T) => string | undefined): z.ZodType<T> {
  return schema.superRefine((value, ctx) => {
    const problem = check(value);
    if (problem !== undefined) ctx.addIssue({ code: 'custom', message: problem });
  });
}
