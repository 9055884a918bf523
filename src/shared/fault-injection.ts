/**
 * Crash points for the fault tests (issue: "killed between creating and starting a container"):
 * `MINIKUBELET_TEST_KILL_AT=after-create:<container>` or `after-start:<container>` makes the agent
 * SIGKILL itself at that point, once per process, the moment a container of that name gets there.
 * Unset (always, outside those tests) it does nothing.
 */
export type FaultPoint = 'after-create' | 'after-start';

const setting = process.env.MINIKUBELET_TEST_KILL_AT ?? '';

export function crashPoint(point: FaultPoint, containerName: string): void {
  if (setting && setting === `${point}:${containerName}`) process.kill(process.pid, 'SIGKILL');
}
