import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startCliHarness, type CliHarness } from '../../../test/helpers/cli-harness.js';

const pod = (name: string, containers: string[]) => `apiVersion: v1
kind: Pod
metadata:
  name: ${name}
spec:
  containers:
${containers.map((c) => `    - name: ${c}\n      image: busybox:1.36\n`).join('')}`;

let h: CliHarness;
let dir: string;
beforeEach(async () => {
  h = await startCliHarness();
  dir = await mkdtemp(join(tmpdir(), 'minikubelet-validate-'));
  await writeFile(join(dir, 'good.yaml'), `${pod('one', ['a'])}---\n${pod('two', ['a', 'b'])}`);
  await writeFile(join(dir, 'bad.yaml'), pod('dup', ['a', 'a']));
});
afterEach(async () => {
  await h.close();
  await rm(dir, { recursive: true, force: true });
});

describe('validate', () => {
  it('says ok with the pod count and exits 0 when every file is valid', async () => {
    const good = join(dir, 'good.yaml');
    const io = await h.cliRaw(['validate', good]);
    expect(io.out()).toBe(`${good}: ok (2 pods)\n`);
    expect(io.exitCode).toBeUndefined();
  });

  it('prints every error, calls the file invalid and exits 1', async () => {
    const [good, bad] = [join(dir, 'good.yaml'), join(dir, 'bad.yaml')];
    const io = await h.cliRaw(['validate', bad, good]);
    expect(io.err()).toMatch(/^error: bad\.yaml\[0\] spec\.containers\[1\]\.name: .*"a"/m);
    expect(io.out()).toBe(`${bad}: invalid\n${good}: ok (2 pods)\n`);
    expect(io.exitCode).toBe(1);
  });

  it('with --pod-security, refuses what an agent at that level would refuse, with its message', async () => {
    const priv = join(dir, 'priv.yaml');
    await writeFile(priv, `${pod('priv', ['a'])}      securityContext: { privileged: true, seccompProfile: { type: Unconfined } }\n`);
    expect((await h.cliRaw(['validate', priv])).out()).toBe(`${priv}: ok (1 pod)\n`);
    const io = await h.cliRaw(['validate', '--pod-security', 'baseline', priv]);
    expect(io.err()).toMatch(
      /^error: priv\.yaml\[0\]: pod "priv" violates PodSecurity "baseline:latest": privileged \(container "a" must not set securityContext\.privileged=true\), seccompProfile \(container "a" must not set securityContext\.seccompProfile\.type to "Unconfined"\)$/m,
    );
    expect(io.out()).toBe(`${priv}: invalid\n`);
    expect(io.exitCode).toBe(1);
    expect((await h.cliRaw(['validate', '--pod-security', 'strict', priv])).err()).toMatch(/argument 'strict' is invalid/);
  });

  it('checks Services and Endpoints beside the pods, as the API server validates them', async () => {
    const stack = join(dir, 'stack.yaml');
    const service = (type: string) => `apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec:\n  type: ${type}\n  ports: [{port: 80, targetPort: http}]\n`;
    const endpoints = 'apiVersion: v1\nkind: Endpoints\nmetadata: {name: db}\nsubsets: [{addresses: [{ip: 10.1.0.5}], ports: [{port: 5432}]}]\n';
    await writeFile(stack, `${pod('web', ['a'])}---\n${service('NodePort')}---\n${endpoints}`);
    expect((await h.cliRaw(['validate', stack])).out()).toBe(`${stack}: ok (1 pod, 1 Service, 1 Endpoints)\n`);
    await writeFile(stack, `${pod('web', ['a'])}---\n${service('LoadBalancer')}`);
    const io = await h.cliRaw(['validate', stack]);
    expect(io.err()).toMatch(/^error: stack\.yaml\[1\] spec\.type: type LoadBalancer is not supported: it needs a cloud load balancer/m);
    expect(io.exitCode).toBe(1);
  });

  it('reports a file it cannot read', async () => {
    const missing = join(dir, 'missing.yaml');
    const io = await h.cliRaw(['validate', missing]);
    expect(io.err()).toMatch(/^error: cannot read .*missing\.yaml: ENOENT/);
    expect(io.out()).toBe(`${missing}: invalid\n`);
    expect(io.exitCode).toBe(1);
  });
});
