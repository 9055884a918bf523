import { BUSYBOX } from '../../test/e2e/pod-helpers.js';

/** The benchmarks' pod: one busybox container running `command` (sleeps by default), killed at once. */
export function oneContainerPod(name: string, command = '["sleep", "3600"]'): string {
  return `
apiVersion: v1
kind: Pod
metadata:
  name: ${name}
spec:
  terminationGracePeriodSeconds: 0
  containers:
  - name: app
    image: ${BUSYBOX}
    command: ${command}
`;
}
