import type { ApiPod } from '../../src/api/api-pod.js';
import { derivedServiceRange } from '../../src/services/derived-service-range.js';
import { REPO_ROOT, TEST_PAUSE_IMAGE } from '../helpers/agent-harness.js';
import type { Guest } from '../helpers/guest.js';

/** The checkout's CLI as the guest sees it: the same path as on the host, over 9p. */
export const GUEST_CLI = `node ${REPO_ROOT}bin/minikubelet`;

/** Quotes one word for the guest's bash. */
export function sh(word: string): string {
  return `'${word.replaceAll("'", `'\\''`)}'`;
}

/**
 * An agent started by hand in the guest (not through the unit): its manifests and root dir live on
 * the guest's own disk, its log in `<dir>/agent.log`.
 */
export class GuestAgent {
  readonly manifestDir: string;
  readonly rootDir: string;

  constructor(
    private readonly guest: Guest,
    readonly dir: string,
    readonly nodeName = 'guest',
  ) {
    this.manifestDir = `${dir}/manifests`;
    this.rootDir = `${dir}/root`;
  }

  /** Starts `minikubelet run` in the background and waits for its API socket. */
  async start(extraArgs: string[] = []): Promise<void> {
    // Its own Service range and a free API port, as every test agent: the unit's agent, started
    // after it in the same guest, takes the defaults (10.96.0.0/12, 6443); a stopped agent's range
    // stays claimed by its interface and rules (connections survive restarts) until cleaned up.
    const args = [
      '--manifest-dir', this.manifestDir, '--root-dir', this.rootDir, '--node-name', this.nodeName, '--pause-image', TEST_PAUSE_IMAGE,
      '--service-cluster-ip-range', derivedServiceRange(this.nodeName).text, '--api-port', '0', ...extraArgs,
    ];
    await this.guest.check(`mkdir -p ${this.manifestDir} ${this.rootDir}
nohup ${GUEST_CLI} run ${args.map(sh).join(' ')} >>${this.dir}/agent.log 2>&1 </dev/null &
echo $! >${this.dir}/agent.pid
for i in $(seq 1 600); do [ -S ${this.rootDir}/minikubelet.sock ] && exit 0; kill -0 $(cat ${this.dir}/agent.pid) || break; sleep 0.2; done
echo "the agent did not open its socket"; tail -30 ${this.dir}/agent.log; exit 1`);
  }

  /** SIGTERM, waiting for the agent to exit (its pods, interface and rules stay, as for any stop). */
  async stop(): Promise<void> {
    await this.guest.check(`pid=$(cat ${this.dir}/agent.pid); kill $pid || exit 0
for i in $(seq 1 300); do kill -0 $pid 2>/dev/null || exit 0; sleep 0.2; done; echo "agent still running"; exit 1`);
  }

  /** Removes the Service interface and rules a stopped agent left (`minikubelet cleanup-services`). */
  async cleanupServices(): Promise<void> {
    await this.guest.check(`${GUEST_CLI} cleanup-services --node-name ${sh(this.nodeName)}`);
  }

  async writeManifest(name: string, yaml: string): Promise<void> {
    await this.guest.check(`cat >${this.manifestDir}/.${name}.tmp <<'MANIFEST'\n${yaml}\nMANIFEST\nmv ${this.manifestDir}/.${name}.tmp ${this.manifestDir}/${name}`);
  }

  async removeManifest(name: string): Promise<void> {
    await this.guest.check(`rm -f ${this.manifestDir}/${name}`);
  }

  async getPods(): Promise<ApiPod[]> {
    const out = await this.guest.check(`${GUEST_CLI} get pods -A -o json --root-dir ${this.rootDir}`);
    return (JSON.parse(out) as { items: ApiPod[] }).items;
  }

  /**
   * Waits in the guest (one job, no round trip per poll) until `condition`, a JavaScript expression
   * on the pod `p` as `get pods -o json` shows it, holds; then returns the pod.
   */
  async waitForPod(name: string, condition: string = RUNNING, timeoutSeconds = 240): Promise<ApiPod> {
    await this.guest.check(
      `for i in $(seq 1 ${timeoutSeconds}); do
  if ${GUEST_CLI} get pods -A -o json --root-dir ${this.rootDir} | node -e ${sh(POD_MATCH)} ${sh(name)} ${sh(condition)}; then exit 0; fi
  sleep 1
done
echo "pod ${name} never matched ${condition}"; ${GUEST_CLI} get pods -A --root-dir ${this.rootDir}; tail -40 ${this.dir}/agent.log; exit 1`,
      (timeoutSeconds + 60) * 1000,
    );
    const pod = (await this.getPods()).find((p) => p.metadata.name === name);
    if (!pod) throw new Error(`pod ${name} vanished`);
    return pod;
  }

  async log(): Promise<string> {
    return (await this.guest.run(`cat ${this.dir}/agent.log`)).output;
  }
}

/** Every container running and ready. */
export const RUNNING = "p.status.phase==='Running'&&(p.status.containerStatuses??[]).length===p.spec.containers.length&&p.status.containerStatuses.every(c=>c.ready)";

/** Exits 0 when the pod named argv[1] in the `get pods -o json` on stdin satisfies the expression argv[2]. */
const POD_MATCH = `let s='';process.stdin.on('data',c=>s+=c).on('end',()=>{const p=JSON.parse(s).items.find(x=>x.metadata.name===process.argv[1]);process.exit(p&&new Function('p','return '+process.argv[2])(p)?0:1)})`;
