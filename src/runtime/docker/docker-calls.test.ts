import { describe, expect, it } from 'vitest';
import type { RuntimeMetrics } from '../runtime-metrics.js';
import { EngineUnavailableError } from '../runtime-errors.js';
import { DockerCalls } from './docker-calls.js';

/** Records what DockerCalls reports, as `operation:error` (or just `operation` for a success). */
function recordingMetrics() {
  const reported: string[] = [];
  let inFlight = 0;
  const metrics: RuntimeMetrics = {
    dockerCall: (operation, _seconds, error) => reported.push(error === undefined ? operation : `${operation}:${error}`),
    dockerCallsInFlight: (delta) => (inFlight += delta),
  };
  return { metrics, reported, inFlight: () => inFlight };
}

const rejecting = (err: object) => () => Promise.reject(Object.assign(new Error('engine said no'), err));

describe('DockerCalls', () => {
  it('reports successes, HTTP failures by status (304 as none) and unanswered calls as connection', async () => {
    const { metrics, reported, inFlight } = recordingMetrics();
    const calls = new DockerCalls(2, metrics);
    await calls.call('ping', async () => 'ok');
    await expect(calls.call('inspect container', rejecting({ statusCode: 404 }))).rejects.toThrow('engine said no');
    await expect(calls.call('start container', rejecting({ statusCode: 304 }))).rejects.toThrow('engine said no');
    await expect(calls.timed('stop container', rejecting({ code: 'EPIPE' }))).rejects.toThrow('engine said no');
    await expect(calls.call('remove container', rejecting({}))).rejects.toThrow('engine said no');
    expect(reported).toEqual(['ping', 'inspect container:404', 'start container', 'stop container:connection', 'remove container:unknown']);
    expect(inFlight()).toBe(0);
  });

  it('turns a connection failure into EngineUnavailableError with the engine message', async () => {
    const calls = new DockerCalls(1, undefined);
    const failed = calls.call('list containers', rejecting({ code: 'ECONNREFUSED', json: { message: 'connect refused' } }));
    await expect(failed).rejects.toBeInstanceOf(EngineUnavailableError);
    await expect(failed).rejects.toThrow('Docker engine unreachable during list containers: connect refused');
  });

  it('runs at most maxConcurrentCalls at once', async () => {
    const calls = new DockerCalls(2, undefined);
    let running = 0;
    let peak = 0;
    const work = async () => {
      peak = Math.max(peak, ++running);
      await new Promise((resolve) => setImmediate(resolve));
      running--;
    };
    await Promise.all(Array.from({ length: 5 }, () => calls.call('ping', work)));
    expect(peak).toBe(2);
  });

  it('fails a call the engine does not answer within the request timeout, as an unavailable engine, reported as timeout', async () => {
    const { metrics, reported, inFlight } = recordingMetrics();
    const calls = new DockerCalls(1, metrics, 20);
    const hung = calls.call('list containers', () => new Promise<never>(() => {}));
    await expect(hung).rejects.toBeInstanceOf(EngineUnavailableError);
    await expect(hung).rejects.toThrow('Docker engine did not answer list containers within 0s');
    expect(reported).toEqual(['list containers:timeout']);
    expect(inFlight()).toBe(0);
    // The bound is free again: the next call runs.
    await expect(calls.call('ping', async () => 'ok')).resolves.toBe('ok');
  });

  it('counts the deadline from when a call starts, not while it waits for the bound, and adds a stop grace period', async () => {
    const calls = new DockerCalls(1, undefined, 40);
    const slow = calls.call('inspect container', () => new Promise((resolve) => setTimeout(() => resolve('first'), 30)));
    const queued = calls.call('inspect container', () => new Promise((resolve) => setTimeout(() => resolve('second'), 30)));
    await expect(Promise.all([slow, queued])).resolves.toEqual(['first', 'second']);
    await expect(calls.withDeadline('stop container', () => new Promise((resolve) => setTimeout(() => resolve('stopped'), 60)), 100)).resolves.toBe('stopped');
  });
});
