import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Engine tests mostly wait on Docker, not the CPU: run several files at once even on 2 cores.
    maxWorkers: 4,
    projects: [
      {
        test: {
          name: 'unit',
          include: ['src/**/*.test.ts', 'test/unit/**/*.test.ts'],
          // Generous: CI shares two cores with the engine tests' containers.
          testTimeout: 30_000,
        },
      },
      {
        // Faults that disturb the shared engine (restarting dockerd): run alone, after the e2e run.
        test: {
          name: 'faults',
          include: ['test/faults/**/*.test.ts'],
          testTimeout: 300_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
      {
        // A Debian 12 guest booted by qemu (systemd, cgroup v2, Docker's systemd driver): heavy, one
        // file at a time, after the faults. Skips with the reason where qemu or the image cannot be had.
        test: {
          name: 'guest',
          include: ['test/guest/**/*.test.ts'],
          // Software emulation on a loaded machine: minutes per step.
          testTimeout: 600_000,
          hookTimeout: 1_200_000,
          fileParallelism: false,
        },
      },
      {
        // A real control plane (etcd, kube-apiserver 1.20, scheduler, controller-manager) on loopback,
        // built once per machine from Debian's source package: node mode against it. After the faults, alone.
        test: {
          name: 'cluster',
          include: ['test/cluster/**/*.test.ts'],
          testTimeout: 300_000,
          // The first start on a machine builds the control plane (about 5 minutes on 2 cores).
          hookTimeout: 1_200_000,
          fileParallelism: false,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          // Each e2e file runs its own agent with its own --node-name and root dir, so files run in parallel.
          pool: 'forks',
          fileParallelism: true,
        },
      },
    ],
  },
});
