import { describe, expect, it } from 'vitest';
import { playAgentOptions } from './play-agent-options.js';

describe('playAgentOptions', () => {
  it("takes the daemon's defaults with the run's node name and state dir", () => {
    const options = playAgentOptions('play-web-0123456789', '/state');
    expect(options).toMatchObject({
      nodeName: 'play-web-0123456789', rootDir: '/state', pauseImage: 'minikubelet/pause:3.10',
      backOffInitialSeconds: 10, backOffMaxSeconds: 300, allowPrivileged: false, readOnlyPort: 0, clusterDomain: 'cluster.local',
    });
  });
});
