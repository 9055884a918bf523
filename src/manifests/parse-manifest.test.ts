import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatManifestProblem, parseManifest, type ParsedManifest } from './parse-manifest.js';

const POD = (name: string, extra = '') => `apiVersion: v1
kind: Pod
metadata:
  name: ${name}
spec:
  containers:
  - name: app
    image: nginx:1.25
${extra}`;

const parse = (content: string | Buffer, file = '/etc/minikubelet/pods.yaml'): ParsedManifest =>
  parseManifest({ file, content, nodeName: 'node-1' });
const errorLines = (m: ParsedManifest) => m.errors.map(formatManifestProblem);
const warningLines = (m: ParsedManifest) => m.warnings.map(formatManifestProblem);

describe('parseManifest', () => {
  it('returns the defaulted pod with its document index, the node name and a UID', () => {
    const parsed = parse(POD('web'));
    expect(parsed).toMatchObject({ file: '/etc/minikubelet/pods.yaml', errors: [], warnings: [] });
    expect(parsed.pods).toHaveLength(1);
    const { pod, document } = parsed.pods[0]!;
    expect(document).toBe(0);
    expect(pod.metadata).toMatchObject({ name: 'web', namespace: 'default' });
    expect(pod.metadata.uid).toMatch(/^[0-9a-f-]{36}$/);
    expect(pod.spec.nodeName).toBe('node-1');
    expect(pod.spec.containers[0]?.imagePullPolicy).toBe('IfNotPresent');
  });

  it('reads several documents and skips empty ones', () => {
    const parsed = parse(`# leading comment\n---\n${POD('a')}---\n---\n# only a comment\n---\n${POD('b')}...\n`);
    expect(parsed.errors).toEqual([]);
    expect(parsed.pods.map((p) => [p.pod.metadata.name, p.document])).toEqual([
      ['a', 0], // the leading comment belongs to the first document
      ['b', 3],
    ]);
  });

  it('gives no pods and no problems for an empty file (the source decides what that means)', () => {
    expect(parse('')).toEqual({ file: '/etc/minikubelet/pods.yaml', pods: [], objects: [], services: [], errors: [], warnings: [] });
    expect(parse('# nothing here\n').pods).toEqual([]);
  });

  it('applies a file whole or not at all: one bad document empties pods', () => {
    const parsed = parse(`${POD('a')}---\n${POD('b', '    ports: [{containerPort: 0}]\n')}`);
    expect(parsed.pods).toEqual([]);
    expect(errorLines(parsed)).toEqual([
      'pods.yaml[1] spec.containers[0].ports[0].containerPort: invalid value 0: must be between 1 and 65535, inclusive',
    ]);
  });

  it('reports every error of every document', () => {
    const parsed = parse(`kind: ReplicaSet\napiVersion: v1\n---\n${POD('Bad')}---\n- a list\n---\n${POD('ok', '    ports: [{containerPort: "80"}]\n')}`);
    expect(errorLines(parsed)).toEqual([
      'pods.yaml[0] kind: kind "ReplicaSet" is not supported: the manifest directory holds v1 Pods, ConfigMaps, Secrets, Services and Endpoints, and discovery.k8s.io/v1 EndpointSlices',
      expect.stringContaining('pods.yaml[1] metadata.name: invalid value "Bad"'),
      'pods.yaml[2]: a manifest document must be a mapping (a v1 Pod), got a list',
      'pods.yaml[3] spec.containers[0].ports[0].containerPort: must be an integer, got string "80"; remove the quotes',
    ]);
  });

  it('reads ConfigMaps and Secrets beside pods, as the API server converts them', () => {
    const parsed = parse(
      `${POD('web')}---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: cfg, namespace: prod}\ndata: {mode: fast}\nbinaryData: {blob: AAEC}\n` +
        `---\napiVersion: v1\nkind: Secret\nmetadata: {name: creds}\ndata: {user: YWRtaW4=}\nstringData: {password: s3cret}\n`,
    );
    expect(errorLines(parsed)).toEqual([]);
    expect(parsed.pods).toHaveLength(1);
    const [configMap, secret] = parsed.objects.map((o) => o.object);
    expect(configMap).toMatchObject({ kind: 'ConfigMap', metadata: { name: 'cfg', namespace: 'prod' }, data: { mode: 'fast' } });
    expect(configMap?.kind === 'ConfigMap' && [...configMap.binaryData.blob!]).toEqual([0, 1, 2]);
    expect(secret?.kind === 'Secret' && { type: secret.type, user: secret.data.user?.toString(), password: secret.data.password?.toString() }).toEqual({
      type: 'Opaque', user: 'admin', password: 's3cret',
    });
  });

  it('keeps warnings apart from errors and still returns the pod', () => {
    const parsed = parse(POD('web', '    workdir: /srv\n    securityContext: {runAsUser: 1000, procMount: Default}\n'));
    expect(parsed.errors).toEqual([]);
    expect(parsed.pods).toHaveLength(1);
    expect(warningLines(parsed).sort()).toEqual([
      'pods.yaml[0] spec.containers[0].securityContext.procMount: not supported by minikubelet yet; ignored',
      'pods.yaml[0] spec.containers[0].workdir: unknown field, ignored; did you mean `workingDir`?',
    ]);
  });

  it('keeps a spec.nodeName naming another node (admission refuses the pod), and sets it when absent', () => {
    const parsed = parse(POD('web').replace('spec:\n', 'spec:\n  nodeName: other\n'));
    expect(parsed.pods[0]?.pod.spec.nodeName).toBe('other');
    expect(parse(POD('web')).pods[0]?.pod.spec.nodeName).toBe('node-1');
  });

  it('reads YAML as Kubernetes does (YAML 1.1): unquoted yes is a boolean, a date is a string', () => {
    const parsed = parse(POD('web', '    args: [yes]\n').replace('  name: web\n', '  name: web\n  annotations: {built: 2024-01-01}\n'));
    expect(errorLines(parsed)).toEqual([
      expect.stringContaining('pods.yaml[0] spec.containers[0].args[0]: must be a string, got boolean true; quote the value'),
    ]);
    const dated = parse(POD('web').replace('  name: web\n', '  name: web\n  annotations: {built: 2024-01-01, at: 1:20}\n'));
    expect(dated.pods[0]?.pod.metadata.annotations).toMatchObject({ built: '2024-01-01', at: '1:20' });
  });

  it('parses JSON manifests', () => {
    const json = JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'j' }, spec: { containers: [{ name: 'a', image: 'b/c' }] } });
    expect(parse(json, 'pod.json').pods[0]?.pod.spec.containers[0]?.image).toBe('b/c');
  });

  it('reports YAML syntax errors with line and column', () => {
    const parsed = parse('apiVersion: v1\nkind: Pod\nmetadata:\n  name: "unterminated\n');
    expect(parsed.pods).toEqual([]);
    expect(errorLines(parsed)[0]).toMatch(/^pods\.yaml\[0\]: invalid YAML at line \d+, column \d+: /);
  });

  it('reports a mistake once, not again through what it causes', () => {
    expect(errorLines(parse(POD('web', '    lifecycle: {postStart: {grpc: {port: 9000}}}\n')))).toEqual([
      'pods.yaml[0] spec.containers[0].lifecycle.postStart.grpc: grpc is a probe handler, not a lifecycle hook handler; use exec, httpGet or sleep',
    ]);
    // The request defaults to the (invalid) limit: one error, on the limit.
    expect(errorLines(parse(POD('web', '    resources: {limits: {cpu: 1 core}}\n')))).toEqual([
      expect.stringContaining('pods.yaml[0] spec.containers[0].resources.limits.cpu: invalid value "1 core"'),
    ]);
  });

  it('reports duplicate keys instead of keeping the last one silently', () => {
    expect(errorLines(parse(POD('web', '    image: nginx:1.26\n')))).toEqual([
      'pods.yaml[0] spec.containers[0].image: duplicate key (lines 8 and 9): YAML would keep only the last value; remove one',
    ]);
  });
});

describe('parseManifest limits', () => {
  it('refuses a file over 1 MiB without parsing it', () => {
    expect(errorLines(parse(Buffer.alloc(2 * 1024 * 1024, 0x20)))).toEqual([`pods.yaml: file is 2.0 MiB, larger than minikubelet's 1 MiB limit for a manifest file`]);
    expect(errorLines(parse('#'.repeat(12.3 * 1024 * 1024)))).toEqual([`pods.yaml: file is 12.3 MiB, larger than minikubelet's 1 MiB limit for a manifest file`]);
  });

  it('refuses an alias bomb quickly', () => {
    const levels = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 9; i++) {
      const prev = String.fromCharCode(96 + i);
      const name = String.fromCharCode(97 + i);
      levels.push(`${name}: &${name} [${Array(9).fill(`*${prev}`).join(',')}]`);
    }
    const started = Date.now();
    const parsed = parse(`apiVersion: v1\nkind: Pod\n${levels.join('\n')}\n`);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(errorLines(parsed)).toEqual(['pods.yaml[0]: YAML aliases expand more than 100 times (an alias bomb?): refused']);
  });

  it.each([
    ['flow brackets', '['.repeat(200_000)],
    ['block sequences', `${'- '.repeat(500_000)}x`],
    ['flow mappings', '{a: '.repeat(100_000)],
    ['indentation', Array.from({ length: 1000 }, (_, i) => `${' '.repeat(i)}a:`).join('\n')],
  ])('refuses pathological nesting (%s) without overflowing the stack', (_kind, content) => {
    expect(errorLines(parse(content))).toEqual([expect.stringMatching(/^pods\.yaml(\[0\])?: nesting is deeper than the 64-level limit/)]);
  });

  it('refuses nesting deeper than 64 levels inside a pod', () => {
    const deep = `${'['.repeat(70)}${']'.repeat(70)}`;
    expect(errorLines(parse(POD('web').replace('  name: web\n', `  name: web\n  labels: {a: ${deep}}\n`)))).toEqual([
      'pods.yaml[0]: nesting is deeper than the 64-level limit',
    ]);
  });

  it('strips a UTF-8 byte order mark', () => {
    const withBom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(POD('web'))]);
    expect(parse(withBom).pods).toHaveLength(1);
    expect(parse(`\uFEFF${POD('web')}`).pods).toHaveLength(1);
  });

  it.each([
    ['invalid UTF-8', Buffer.from([0xc3, 0x28, 0xff, 0xfe, 0x00]), 'pods.yaml: file is not valid UTF-8 text'],
    ['NUL bytes', Buffer.from('apiVersion: v1\0kind: Pod'), 'pods.yaml: file contains NUL bytes'],
    ['UTF-16', Buffer.from(`\uFEFF${POD('web')}`, 'utf16le'), 'pods.yaml: file is UTF-16 encoded: save it as UTF-8'],
    ['a control character', 'apiVersion: v1\nkind: Pod\u0007\n', 'pods.yaml: file contains the control character U+0007 at line 2, column 10'],
  ])('refuses %s with one clear error', (_kind, content, message) => {
    const parsed = parse(content);
    expect(parsed.pods).toEqual([]);
    expect(errorLines(parsed)).toEqual([expect.stringContaining(message)]);
  });
});

describe('formatManifestProblem', () => {
  it.each([
    [{ severity: 'error', file: '/a/bad.yaml', document: 0, path: 'spec.containers[1].name', message: 'duplicate name "a"' }, 'bad.yaml[0] spec.containers[1].name: duplicate name "a"'],
    [{ severity: 'warning', file: '/a/bad.yaml', document: 2, message: 'x' }, 'bad.yaml[2]: x'],
    [{ severity: 'error', file: 'bad.yaml', message: 'file is too big' }, 'bad.yaml: file is too big'],
  ] as const)('formats %j', (problem, text) => {
    expect(formatManifestProblem(problem)).toBe(text);
  });
});

describe('parseManifest on arbitrary input', { timeout: 120_000 }, () => {
  const holdsItsContract = (parsed: ParsedManifest): void => {
    expect(Array.isArray(parsed.pods) && Array.isArray(parsed.errors) && Array.isArray(parsed.warnings)).toBe(true);
    if (parsed.errors.length > 0) expect(parsed.pods).toEqual([]);
    for (const p of [...parsed.errors, ...parsed.warnings]) {
      expect(formatManifestProblem(p)).toContain('x.yaml');
      expect(p.message).not.toContain('minikubelet bug'); // the last-resort guard never fires
    }
  };

  it('never throws on arbitrary strings', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 400 }), (content) => {
        holdsItsContract(parseManifest({ file: 'x.yaml', content, nodeName: 'n' }));
      }),
      { numRuns: 500 },
    );
  });

  it('never throws on arbitrary bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), (bytes) => {
        holdsItsContract(parseManifest({ file: 'x.yaml', content: Buffer.from(bytes), nodeName: 'n' }));
      }),
      { numRuns: 500 },
    );
  });

  it('never throws on YAML-ish text built from manifest fragments', () => {
    const fragment = fc.constantFrom(
      'apiVersion: v1\n', 'kind: Pod\n', 'metadata:\n', '  name: web\n', 'spec:\n', '  containers:\n', '  - name: a\n',
      '    image: x\n', '    ports: [{containerPort: 80}]\n', '---\n', '  - ', '[', ']', '{', '}', '&a ', '*a', ': ', '"', "'", '\t', '\n', '~', '#',
    );
    fc.assert(
      fc.property(fc.array(fragment, { maxLength: 60 }), (parts) => {
        holdsItsContract(parseManifest({ file: 'x.yaml', content: parts.join(''), nodeName: 'n' }));
      }),
      { numRuns: 500 },
    );
  });

  it('never throws on arbitrary JSON values as documents', () => {
    const podLike = fc.record(
      { apiVersion: fc.constant('v1'), kind: fc.constant('Pod'), metadata: fc.anything(), spec: fc.anything() },
      { requiredKeys: ['apiVersion', 'kind'] },
    );
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue(), podLike), (value) => {
        const content = JSON.stringify(value) ?? 'null';
        holdsItsContract(parseManifest({ file: 'x.yaml', content, nodeName: 'n' }));
      }),
      { numRuns: 500 },
    );
  });
});
