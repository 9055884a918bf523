import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseManifest } from '../manifests/parse-manifest.js';
import { readYamlDocuments } from '../manifests/yaml-documents.js';
import { canonicalJson } from './canonical-json.js';
import { hashWrittenContainer } from './container-hash.js';
import { decodePod } from './decode-pod.js';
import { applyPodDefaults } from './defaults.js';
import type { PodManifest } from './pod-schema.js';
import { writtenContainers, writtenForm } from './written-form.js';
import { podFacts } from './pod-facts.js';

const VALID = new URL('../../test/fixtures/manifests/valid/', import.meta.url);

/** Every pod document of the valid fixture manifests, decoded (what the user wrote, as the schema keeps it). */
function fixturePods(): Array<[string, PodManifest]> {
  const out: Array<[string, PodManifest]> = [];
  for (const file of readdirSync(VALID).sort()) {
    const text = readFileSync(new URL(file, VALID), 'utf8').replace(/^\uFEFF/, '');
    for (const { index, value } of readYamlDocuments(text).documents) {
      if ((value as { kind?: unknown } | null)?.kind !== 'Pod') continue;
      const decoded = decodePod(value);
      if (decoded.manifest) out.push([`${file}#${index}`, decoded.manifest]);
    }
  }
  return out;
}

const PODS = fixturePods();

describe('writtenForm', () => {
  it('has fixtures to check', () => {
    expect(PODS.length).toBeGreaterThan(10);
  });

  it.each(PODS)('%s: the defaults are idempotent, so the manifest and its defaulted pod have one written form', (_file, manifest) => {
    const pod = applyPodDefaults(manifest);
    expect(canonicalJson(applyPodDefaults(pod as unknown as PodManifest))).toBe(canonicalJson(pod));
    expect(canonicalJson(writtenForm(pod).spec)).toBe(canonicalJson(writtenForm(manifest).spec));
  });

  it.each(PODS)('%s: defaults back to the same pod (nothing the user wrote is lost)', (_file, manifest) => {
    const { labels: _l, annotations: _a, uid: _u, ...metadata } = applyPodDefaults(manifest).metadata;
    const pod = applyPodDefaults(manifest);
    expect(canonicalJson(applyPodDefaults(writtenForm(manifest) as PodManifest))).toBe(
      canonicalJson({ ...pod, metadata: { ...metadata, uid: '', labels: {}, annotations: {} } }),
    );
  });

  // apiVersion and kind are always v1 Pod: the defaults restore them too.
  it('leaves out labels, annotations, uid and every written default', () => {
    const manifest = decodePod({
      apiVersion: 'v1', kind: 'Pod',
      metadata: { name: 'web', namespace: 'default', uid: 'u', labels: { a: 'b' }, annotations: { c: 'd' } },
      spec: { restartPolicy: 'Always', containers: [{ name: 'app', image: 'nginx:1.25', imagePullPolicy: 'IfNotPresent', env: [], args: ['x'] }] },
    }).manifest!;
    expect(writtenForm(manifest)).toEqual({ metadata: { name: 'web' }, spec: { containers: [{ name: 'app', image: 'nginx:1.25', args: ['x'] }] } });
  });

  it('a later version that defaults one more field gives the same container hashes (its pods are not restarted)', () => {
    // The later version: today's defaults plus a new container field defaulted to "Default".
    const later = (m: PodManifest) => {
      const pod = applyPodDefaults(m);
      const written = (m.spec?.containers ?? []) as Array<{ futurePolicy?: string }>;
      return { ...pod, spec: { ...pod.spec, containers: pod.spec.containers.map((c, i) => ({ ...c, futurePolicy: written[i]?.futurePolicy ?? 'Default' })) } };
    };
    for (const [, manifest] of PODS) {
      const today = writtenContainers(writtenForm(applyPodDefaults(manifest)));
      const tomorrow = writtenContainers(writtenForm(later(manifest), later));
      for (const [name, container] of today) expect(hashWrittenContainer(tomorrow.get(name))).toBe(hashWrittenContainer(container));
    }
  });

  it('a parsed pod gets its UID from the written form (the same pod parsed twice has one UID)', () => {
    const content = 'apiVersion: v1\nkind: Pod\nmetadata: {name: w}\nspec: {containers: [{name: a, image: busybox:1.35}]}\n';
    const uid = (text: string) => parseManifest({ file: '/m/w.yaml', content: text, nodeName: 'n' }).pods[0]?.pod.metadata.uid;
    expect(uid(content)).toBe(uid(content.replace('{name: w}', '{name: w, labels: {tier: front}}')));
  });
});

describe('podFacts of a parsed pod', () => {
  const files = readdirSync(VALID).sort();
  it.each(files)('%s: the container hashes from the parser\'s form are those of the pod itself', (file) => {
    const content = readFileSync(new URL(file, VALID), 'utf8');
    for (const { pod } of parseManifest({ file: `/m/${file}`, content, nodeName: 'n' }).pods) {
      // A clone carries no form noted by the parser: its facts come from pruning the defaulted pod.
      const pruned = podFacts(structuredClone(pod));
      expect(podFacts(pod).specHashes).toEqual(pruned.specHashes);
      expect(podFacts(pod)).toBe(podFacts(pod));
    }
  });
});
