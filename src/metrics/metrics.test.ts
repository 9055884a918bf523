import { describe, expect, it } from 'vitest';
import { Metrics } from './metrics.js';
import { T0, containerStatus, podStatus, running, terminated, waiting } from './testing/statuses.js';

async function scrape(metrics: Metrics): Promise<string> {
  return (await metrics.exposition()).text;
}

describe('Metrics', () => {
  it('exposes pods by phase, containers by state and manifest problems, read when scraped', async () => {
    const metrics = new Metrics();
    metrics.readFrom({
      podStatuses: () => [podStatus('Running', [containerStatus('a', running())]), podStatus('Pending', [containerStatus('b', waiting())])],
      manifestProblems: () => [{ severity: 'error', file: '/m/bad.yaml', message: 'no Pod in this file' }],
    });
    const text = await scrape(metrics);
    expect(text).toContain('minikubelet_pods{phase="Running"} 1');
    expect(text).toContain('minikubelet_pods{phase="Failed"} 0');
    expect(text).toContain('minikubelet_containers{state="waiting"} 1');
    expect(text).toContain('minikubelet_manifest_problems{severity="error"} 1');
    expect(text).toContain('minikubelet_manifest_problems{severity="warning"} 0');
    expect(text).toContain('process_resident_memory_bytes');
  });

  it('records pod start latency and restarts from published statuses', async () => {
    const metrics = new Metrics();
    metrics.podSeen('u1', T0);
    const first = podStatus('Running', [containerStatus('a', running())]);
    metrics.podPublished({ uid: 'u1', previous: undefined, status: first, containerCount: 1, createdAtMs: T0 + 10, events: [], nowMs: T0 + 700 });
    const restarted = podStatus('Running', [containerStatus('a', running(), 1, terminated('Error'))]);
    metrics.podPublished({ uid: 'u1', previous: first, status: restarted, containerCount: 1, createdAtMs: T0 + 10, events: [], nowMs: T0 + 9000 });
    const text = await scrape(metrics);
    expect(text).toContain('minikubelet_pod_start_duration_seconds_bucket{le="1"} 1');
    expect(text).toContain('minikubelet_pod_start_duration_seconds_bucket{le="0.5"} 0');
    expect(text).toContain('minikubelet_pod_start_duration_seconds_count 1');
    expect(text).toContain('minikubelet_container_restarts_total{reason="Error"} 1');
  });

  it('records Docker calls by operation and failures by code', async () => {
    const metrics = new Metrics();
    metrics.dockerCall('create container', 0.02);
    metrics.dockerCall('inspect container', 0.001, '404');
    metrics.dockerCall('list containers', 0.5, 'connection');
    const text = await scrape(metrics);
    expect(text).toContain('minikubelet_docker_operations_duration_seconds_count{operation="create_container"} 1');
    expect(text).toContain('minikubelet_docker_operations_errors_total{operation="inspect_container",code="404"} 1');
    expect(text).toContain('minikubelet_docker_operations_errors_total{operation="list_containers",code="connection"} 1');
  });

  it('reports Docker calls in the engine now and the most at once', async () => {
    const metrics = new Metrics();
    for (const delta of [1, 1, 1, -1, -1, 1, -1, -1] as const) metrics.dockerCallsInFlight(delta);
    metrics.dockerCallsInFlight(1);
    const text = await scrape(metrics);
    expect(text).toMatch(/^minikubelet_docker_operations_in_flight 1$/m);
    expect(text).toMatch(/^minikubelet_docker_operations_in_flight_peak 3$/m);
  });

  it('records probe results and durations with the kubelet label values', async () => {
    const metrics = new Metrics();
    metrics.probeResult('liveness', 'success', 0.003);
    metrics.probeResult('liveness', 'warning', 0.003);
    metrics.probeResult('liveness', 'failure', 1.0);
    metrics.probeResult('readiness', 'error', 0.01);
    const text = await scrape(metrics);
    expect(text).toContain('minikubelet_prober_probe_total{probe_type="Liveness",result="successful"} 2');
    expect(text).toContain('minikubelet_prober_probe_total{probe_type="Liveness",result="failed"} 1');
    expect(text).toContain('minikubelet_prober_probe_total{probe_type="Readiness",result="unknown"} 1');
    expect(text).toContain('minikubelet_prober_probe_duration_seconds_count{probe_type="Liveness"} 3');
  });

  it('keeps each instance to its own registry', async () => {
    const a = new Metrics();
    const b = new Metrics();
    a.dockerCall('ping', 0.001);
    expect(await scrape(b)).not.toContain('operation="ping"');
  });
});
