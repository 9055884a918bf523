import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/agent-harness.js';
import { Guest } from '../helpers/guest.js';
import { BUSYBOX } from '../e2e/pod-helpers.js';
import { GUEST_CLI, GuestAgent } from './guest-agent.js';
import { prepareGuest } from './guest-setup.js';

const setup = prepareGuest();
const HELLO = `apiVersion: v1
kind: Pod
metadata:
  name: hello
spec:
  terminationGracePeriodSeconds: 1
  containers:
  - name: main
    image: ${BUSYBOX}
    command: ["sh", "-c", "trap 'exit 0' TERM; while true; do sleep 1; done"]`;

/** Issue 16 §3: a real systemd host (cgroup v2, Docker's systemd driver) that the agent runs on. */
describe.skipIf(setup.skip !== undefined)('a Debian 12 guest with systemd, cgroup v2 and Docker on the systemd driver', () => {
  let guest: Guest;

  beforeAll(async () => {
    guest = await Guest.boot(setup.image ?? '');
  });
  afterAll(async () => {
    await guest?.close();
  });

  it('boots systemd as PID 1 on the unified cgroup hierarchy, with Docker on the systemd driver and the host Node.js', async () => {
    const out = await guest.check(`cat /proc/1/comm
stat -fc %T /sys/fs/cgroup
docker info --format '{{.CgroupDriver}} {{.CgroupVersion}}'
node --version
docker image inspect --format '{{index .RepoTags 0}}' minikubelet/busybox:1.35 minikubelet/pause:3.10`);
    expect(out.trim().split('\n')).toEqual(['systemd', 'cgroup2fs', 'systemd 2', process.version, 'minikubelet/busybox:1.35', 'minikubelet/pause:3.10']);
  });

  it('runs a pod from the shared checkout: get pods shows it Running', async () => {
    const agent = new GuestAgent(guest, '/var/tmp/agent-first');
    await agent.start();
    await agent.writeManifest('hello.yaml', HELLO);
    const pod = await agent.waitForPod('hello');
    expect(pod.status.phase).toBe('Running');
    const table = await guest.check(`${GUEST_CLI} get pods --root-dir ${agent.rootDir}`);
    expect(table).toMatch(/hello\s+1\/1\s+Running/);
    await agent.stop();
    await agent.cleanupServices();
  });

  describe('the systemd unit (deploy/systemd/minikubelet.service), installed from the checkout as the README says', () => {
    const podIds = (name: string) => guest.check(`docker ps -q --no-trunc --filter label=io.kubernetes.pod.name=${name} | sort`);

    beforeAll(async () => {
      // The README's steps, offline: the checkout's bin/ on systemd's search path instead of `npm install -g` of a packed tarball.
      await guest.check(`cd ${REPO_ROOT}
ln -sf ${REPO_ROOT}bin/minikubelet /usr/local/bin/minikubelet
install -d /etc/minikubelet/manifests
install -m 0644 deploy/config.yaml /etc/minikubelet/config.yaml
install -m 0644 deploy/systemd/minikubelet.service /etc/systemd/system/
systemctl daemon-reload
cat >/etc/minikubelet/manifests/web.yaml <<'EOF'
${HELLO.replace('name: hello', 'name: web')}
EOF`);
    });

    it('returns from systemctl start only after READY=1, with the first sync done and the notify status shown', async () => {
      const out = await guest.check(`systemctl start minikubelet
systemctl show -p ActiveState,SubState,Type --value minikubelet | paste -sd' '
minikubelet get pods`, 240_000);
      const [state, ...table] = out.trim().split('\n');
      expect(state?.split(' ').sort()).toEqual(['active', 'notify', 'running']);
      // READY=1 comes after the first full sync: the pod's containers exist by the time start returns.
      expect(table.join('\n')).toMatch(/web\s+\d\/1\s+(Running|ContainerCreating)/);
      const status = await guest.check('systemctl status --no-pager minikubelet | sed -n "1,12p"');
      expect(status).toMatch(/Status: ".+"/);
      expect(status).toContain('active (running)');
    });

    it('leaves the pods running on systemctl restart and stop, and adopts them on the next start', async () => {
      await guest.check(`for i in $(seq 1 120); do minikubelet get pods | grep -Eq 'web +1/1 +Running' && exit 0; sleep 1; done; minikubelet get pods; exit 1`, 180_000);
      const ids = await podIds('web');
      expect(ids.trim().split('\n')).toHaveLength(2);
      await guest.check('systemctl restart minikubelet', 240_000);
      expect(await podIds('web')).toBe(ids);
      await guest.check('systemctl stop minikubelet && ! systemctl is-active minikubelet');
      expect(await podIds('web')).toBe(ids);
      await guest.check('systemctl start minikubelet', 240_000);
      expect(await podIds('web')).toBe(ids);
      expect(await guest.check('minikubelet get pods')).toMatch(/web\s+1\/1\s+Running\s+0/);
    });

    it('restarts an agent whose event loop stalls (WatchdogSec=30s), leaving the pods running', async () => {
      const ids = await podIds('web');
      // SIGSTOP: no more WATCHDOG=1; systemd aborts the agent after 30 s (SIGABRT, then SIGKILL after TimeoutStopSec) and restarts it.
      const out = await guest.check(`pid=$(systemctl show -p MainPID --value minikubelet)
kill -STOP "$pid"
for i in $(seq 1 300); do
  now=$(systemctl show -p MainPID --value minikubelet)
  if [ "$now" != "$pid" ] && [ "$now" != 0 ] && systemctl is-active -q minikubelet; then break; fi
  sleep 1
done
systemctl show -p NRestarts --value minikubelet
journalctl -u minikubelet --no-pager | grep -c 'Watchdog timeout' || true`, 420_000);
      const [restarts, watchdogLines] = out.trim().split('\n').map(Number);
      expect(restarts).toBeGreaterThanOrEqual(1);
      expect(watchdogLines).toBeGreaterThanOrEqual(1);
      expect(await podIds('web')).toBe(ids);
    });

    it('brings the pods back after a guest reboot, with the unit enabled', async () => {
      const ids = await podIds('web');
      await guest.check('systemctl enable minikubelet');
      await guest.reboot();
      await guest.check(`for i in $(seq 1 300); do minikubelet get pods 2>/dev/null | grep -Eq 'web +1/1 +Running' && exit 0; sleep 1; done; minikubelet get pods; journalctl -u minikubelet -o cat | tail -20; exit 1`, 420_000);
      expect(await guest.check('systemctl is-active minikubelet')).toBe('active\n');
      // Docker stopped every container with the guest: the pod runs in a new sandbox, under its pod slice again.
      const after = await podIds('web');
      expect(after.trim().split('\n')).toHaveLength(2);
      expect(after).not.toBe(ids);
      expect(await guest.check('systemctl list-units --plain --no-legend "kubepods-*pod*.slice" | wc -l')).toBe('1\n');
    });
  });
});
