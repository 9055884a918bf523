import { describe, expect, it } from 'vitest';
import { playIdentity, playStateDir, stdinIdentity } from './play-identity.js';

describe('playIdentity', () => {
  it('names the run after its first input and a hash of all of them', () => {
    const id = playIdentity(['/home/ann/web.yaml'], 0);
    expect(id.nodeName).toMatch(/^play-web-[0-9a-f]{10}$/);
  });

  it('is the same for the same files in any order, given twice or not', () => {
    const a = playIdentity(['/x/a.yaml', '/x/b.yaml'], 0);
    expect(playIdentity(['/x/b.yaml', '/x/a.yaml', '/x/b.yaml'], 0)).toEqual(a);
  });

  it('differs for another user playing the same files', () => {
    expect(playIdentity(['/x/web.yaml'], 1000).nodeName).not.toBe(playIdentity(['/x/web.yaml'], 0).nodeName);
  });

  it('differs for other files, even with the same name elsewhere', () => {
    expect(playIdentity(['/x/web.yaml'], 0).nodeName).not.toBe(playIdentity(['/y/web.yaml'], 0).nodeName);
  });

  it('keeps node names short and valid whatever the file is called', () => {
    for (const file of ['/x/My Very_Long.File.Name.With.Many.Parts.yaml', '/x/---.yaml', '/x/ÄÖÜ.yml', '/']) {
      const { nodeName } = playIdentity([file], 0);
      expect(nodeName).toMatch(/^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/);
      expect(nodeName.length).toBeLessThanOrEqual(36);
    }
  });

  it('names stdin runs after stdin and the working directory', () => {
    const id = playIdentity([stdinIdentity('/work')], 0);
    expect(id.nodeName).toMatch(/^play-stdin-/);
    expect(id.nodeName).not.toBe(playIdentity([stdinIdentity('/elsewhere')], 0).nodeName);
  });
});

describe('playStateDir', () => {
  it('puts root runs under /var/lib/minikubelet/play', () => {
    expect(playStateDir('play-web-1', { uid: 0, env: {}, homedir: '/root' })).toBe('/var/lib/minikubelet/play/play-web-1');
  });

  it('puts other users under XDG_STATE_HOME, else ~/.local/state', () => {
    expect(playStateDir('p', { uid: 1000, env: { XDG_STATE_HOME: '/s' }, homedir: '/home/ann' })).toBe('/s/minikubelet/play/p');
    expect(playStateDir('p', { uid: 1000, env: {}, homedir: '/home/ann' })).toBe('/home/ann/.local/state/minikubelet/play/p');
    expect(playStateDir('p', { uid: 1000, env: { XDG_STATE_HOME: 'relative' }, homedir: '/home/ann' })).toBe('/home/ann/.local/state/minikubelet/play/p');
  });
});
