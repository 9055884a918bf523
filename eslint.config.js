// ESLint: ESLint's and typescript-eslint's type-checked recommended rules on all TypeScript (src/,
// test/, bench/), plus a layering rule for src/ (a folder imports only from its own layer and lower
// ones, see `layers` below). `npm run lint`; scripts/test.sh runs it right after the build.
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';

/**
 * src/ folders, lowest layer first. A folder may import from its own layer and the ones before it,
 * never from a later one. Tests and `testing/` helpers are exempt (they wire layers together).
 */
const layers = [
  ['shared'],
  ['api'],
  ['images'],
  ['runtime'],
  // Peers in this layer may import each other.
  ['node', 'security', 'cgroups', 'volumes', 'manifests', 'admission', 'status', 'metrics', 'services'],
  ['probes'],
  ['planner'],
  ['executor'],
  ['workers'],
  ['server'],
  // Node mode: joins a real API server; feeds the sync loop and reads the status store (uses server's pod shapes).
  ['node-mode'],
  ['config'],
  ['cli'],
  // `play` is a second composition root beside `main`'s daemon: peers, so each may import the other.
  ['main', 'play'],
];

/** One override per folder: `no-restricted-imports` of every folder in a later layer. */
const layerRules = layers.flatMap((layer, level) => {
  const higher = layers.slice(level + 1).flat();
  if (higher.length === 0) return [];
  return layer.map((dir) => ({
    files: [`src/${dir}/**/*.ts`],
    ignores: ['src/**/*.test.ts', 'src/**/testing/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              // Relative imports only in this code base: `../planner/x.js`, `../../executor/y.js`.
              regex: `^(\\.\\./)+(${higher.join('|')})(/|$)`,
              message: `src/${dir}/ is layer L${level}: it may not import from a higher layer (${higher.join(', ')}). See eslint.config.js.`,
            },
          ],
        },
      ],
    },
  }));
});

const testFiles = ['**/*.test.ts', 'test/**/*.ts', 'src/**/testing/**/*.ts'];

export default defineConfig(
  { ignores: ['dist/**', 'coverage/**', '.build/**', 'node_modules/**'] },
  {
    files: ['src/**/*.ts', 'test/**/*.ts', 'bench/**/*.ts'],
    extends: [js.configs.recommended, tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // Kept on (from recommendedTypeChecked), spelled out: deliberate fire-and-forget is written `void p`.
      '@typescript-eslint/no-floating-promises': 'error',
      // Off: `async` without `await` is how promise-returning interfaces are implemented (fakes, handlers).
      '@typescript-eslint/require-await': 'off',
      // Relaxed: `_`-prefixed names are deliberately unused (callback arguments, `{ omit: _omit, ...rest }`).
      '@typescript-eslint/no-unused-vars': [
        'error',
        {
          argsIgnorePattern: '^_',
          varsIgnorePattern: '^_',
          caughtErrorsIgnorePattern: '^_',
          destructuredArrayIgnorePattern: '^_',
          ignoreRestSiblings: true,
        },
      ],
    },
  },
  {
    files: testFiles,
    rules: {
      // Relaxed in tests: `expect(fake.method).toHaveBeenCalled…` reads vitest mocks off objects.
      '@typescript-eslint/unbound-method': 'off',
      // Relaxed in tests: parsed JSON bodies and mocks are `any`, and the assertions check them.
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
  {
    // The agent runs in V8's lite mode (bin/minikubelet's first line): no WebAssembly, and so no
    // `fetch`, whose HTTP parser (undici's llhttp) is WebAssembly. And its heap holds what it imports.
    files: ['src/**/*.ts'],
    ignores: ['src/**/*.test.ts', 'src/**/testing/**'],
    rules: {
      'no-restricted-globals': [
        'error',
        { name: 'fetch', message: 'The agent runs in V8 lite mode, without WebAssembly, which fetch needs: use node:http / node:https (bin/minikubelet).' },
        { name: 'WebAssembly', message: 'The agent runs in V8 lite mode, without WebAssembly (bin/minikubelet).' },
      ],
      // zod as a namespace (`import * as z from 'zod'`), never its `z` object: the bundler keeps only
      // the parts of a namespace that are used, the `z` object all of zod: with the OpenAPI module
      // loaded lazily, 0.8 MiB of the agent's heap (issue 18 §4; docs/benchmarks.md, run 7).
      'no-restricted-syntax': [
        'error',
        ...[
          // `import { z }`, `import z` (the default export is the same object), `export { z } from`; types are erased.
          "ImportDeclaration[source.value=/^zod($|\\u002F)/][importKind!='type'] > ImportSpecifier[imported.name='z'][importKind!='type']",
          "ImportDeclaration[source.value=/^zod($|\\u002F)/][importKind!='type'] > ImportDefaultSpecifier",
          "ExportNamedDeclaration[source.value=/^zod($|\\u002F)/] > ExportSpecifier[local.name='z']",
        ].map((selector) => ({
          selector,
          message: "Import zod as a namespace (import * as z from 'zod'): the `z` object keeps all of zod in the agent's bundle (eslint.config.js).",
        })),
      ],
    },
  },
  ...layerRules,
);
