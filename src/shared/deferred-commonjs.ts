/**
 * A CommonJS file of a dependency loaded when first used instead of at import. Some packages
 * require at import what only one rarely used function needs (dockerode its BuildKit session over
 * gRPC, docker-modem ssh2, prom-client OpenTelemetry for its default CPU metric); the file holding
 * that function is given a stand-in in the CommonJS cache, before the package is imported, and the
 * real file is read the first time the stand-in is called or one of its properties read. For files
 * whose `module.exports` is one function, or an object whose users read its properties when they
 * use them (`tar.pack(…)`, not `const { pack } = require('tar-fs')` at load): the stand-in is a
 * function, so `typeof`, `Object.keys` and `in` on it do not see the real exports. Where the file
 * is not where it is expected (another version of the package), or the package is loaded already,
 * nothing is deferred: the memory comes back, the behaviour stays.
 */
import { existsSync } from 'node:fs';
import { createRequire, Module } from 'node:module';

const require = createRequire(import.meta.url);

type AnyFunction = (...args: unknown[]) => unknown;

/** Whether `file` (an absolute path) got a stand-in: false when it is missing or loaded already. */
export function deferCommonJsFile(file: string): boolean {
  if (!existsSync(file) || require.cache[file]) return false;
  const stub = new Module(file);
  let real: AnyFunction | undefined;
  const load = (): AnyFunction => {
    if (!real) {
      // The stand-in leaves the cache, so the require below reads the file itself (and caches it).
      if (require.cache[file] === stub) delete require.cache[file];
      real = require(file) as AnyFunction;
    }
    return real;
  };
  // A call, and any property read (`module.exports.metricNames`…), loads the real file.
  stub.exports = new Proxy(function deferred() {}, {
    apply: (_target, thisArg, args: unknown[]) => load().apply(thisArg, args),
    get: (_target, property) => Reflect.get(load(), property) as unknown,
    has: (_target, property) => Reflect.has(load(), property),
  });
  stub.filename = file;
  stub.loaded = true;
  require.cache[file] = stub;
  return true;
}
