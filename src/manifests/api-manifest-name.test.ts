import { describe, expect, it } from 'vitest';
import { apiManifestFileName } from './api-manifest-name.js';
import { isManifestFileName } from './manifest-file-filter.js';

describe('apiManifestFileName', () => {
  it.each([
    ['Pod', 'default', 'web', 'default.web.pod.yaml'],
    ['ConfigMap', 'prod', 'settings', 'prod.settings.configmap.yaml'],
    ['Secret', 'default', 'db.creds', 'default.db.creds.secret.yaml'],
    ['Service', 'kube-system', 'dns', 'kube-system.dns.service.yaml'],
  ])('a %s %s/%s is written to %s, a name the directory reads', (kind, namespace, name, want) => {
    expect(apiManifestFileName(kind, namespace, name)).toBe(want);
    expect(isManifestFileName(want)).toBe(true);
  });

  it('keeps a pod and a ConfigMap of one name apart', () => {
    expect(apiManifestFileName('Pod', 'default', 'web')).not.toBe(apiManifestFileName('ConfigMap', 'default', 'web'));
  });
});
