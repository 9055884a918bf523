// The agent as shipped: dist/main/cli.js (tsc's output) and what it imports, bundled by esbuild into
// dist/agent/ (cli.js and the chunks of its dynamic imports, still loaded only when first used), so
// that a running agent holds a few files' source instead of ~300 modules' (issue 18 §4: the loaded
// modules' source was 4.9 MiB of the V8 heap; docs/benchmarks.md, footprint). bin/minikubelet runs
// dist/agent/cli.js.
//
// Bundled with it: the pure-JavaScript libraries every command loads (zod, yaml, commander,
// dns-packet). Left in node_modules: packages loaded lazily or patched in the CommonJS cache before
// they load (dockerode and docker-modem, prom-client: src/shared/deferred-commonjs.ts), and those
// that find files or workers by path at run time (pino's transports, ws's optional addons,
// node-forge, gRPC's proto files).
//
// Whitespace and syntax are minified, names are not: stack traces and logged errors keep the
// functions' and classes' own names (identifier minification would save 0.7 MiB more).
import { build } from 'esbuild';
import { rm } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const BUNDLED = new Set(['zod', 'yaml', 'commander', 'dns-packet']);

/** `@scope/name/sub` → `@scope/name`, `name/sub` → `name`. */
const packageName = (specifier) => specifier.split('/').slice(0, specifier.startsWith('@') ? 2 : 1).join('/');

const keepInNodeModules = {
  name: 'keep-in-node-modules',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) => {
      if (args.path.startsWith('node:') || BUNDLED.has(packageName(args.path))) return undefined;
      return { path: args.path, external: true };
    });
  },
};

// zod's API re-exports all of its 64 locales as `z.locales` (0.3 MiB of source the agent would hold
// in its heap for good); the agent's messages are its own and English, and nothing reads
// `z.locales`: here it is an empty namespace. English, zod's default, is imported on its own.
const zodWithoutLocales = {
  name: 'zod-without-locales',
  setup(b) {
    b.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) => (/[\\/]zod[\\/]/.test(args.importer) ? { path: 'zod-locales', namespace: 'zod-locales' } : undefined));
    b.onLoad({ filter: /.*/, namespace: 'zod-locales' }, () => ({ contents: 'export {};', loader: 'js' }));
  },
};

await rm(`${root}dist/agent`, { recursive: true, force: true });
await build({
  absWorkingDir: root,
  // The certificate maker runs in a child process, next to the chunks (src/server/pki/certificate-maker.ts).
  entryPoints: { cli: 'dist/main/cli.js', 'certificate-maker-child': 'dist/server/pki/certificate-maker-child.js' },
  outdir: 'dist/agent',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  minifyWhitespace: true,
  minifySyntax: true,
  legalComments: 'none',
  logLevel: 'warning',
  plugins: [keepInNodeModules, zodWithoutLocales],
  // The bundled CommonJS libraries call require() for Node's own modules: ESM output has none.
  banner: { js: "import { createRequire as __minikubeletCreateRequire } from 'node:module'; const require = __minikubeletCreateRequire(import.meta.url);" },
});
