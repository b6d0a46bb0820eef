import { jest } from '@jest/globals';
import type { RestClient, RestRequest } from '@te-actions/azure-auth';
import type { Clock } from '@te-actions/poll';
import { stopExecution } from '../src/stop-execution.js';
import { ExecutionStatusUnknownError, waitForExecution } from '../src/wait-execution.js';

const ref = { subscriptionId: 's', resourceGroup: 'rg', jobName: 'migrate-db', executionName: 'migrate-db-abc1234' };

function simulatedClock(): Clock {
  let now = 0;
  return { now: () => now, sleep: async (ms) => void (now += ms) };
}

/** An ARM client whose execution GET answers the status `statusAt(now)`; POSTs answer 200 with a JSON string. */
function fakeArm(clock: Clock, statusAt: (now: number) => string | undefined) {
  const sent: RestRequest[] = [];
  const arm = {
    signal: undefined,
    request: async (request: RestRequest) => {
      sent.push(request);
      if (request.method === 'POST') return { status: 200, url: '', headers: new Headers(), body: 'Stop requested' };
      const status = statusAt(clock.now());
      return { status: 200, url: '', headers: new Headers(), body: { name: ref.executionName, properties: { ...(status ? { status } : {}), startTime: '2025-03-04T09:40:01+00:00' } } };
    },
  } as unknown as RestClient;
  return { arm, sent };
}

describe('waitForExecution and the Unknown phase', () => {
  const warnings: string[] = [];
  beforeEach(() => {
    warnings.length = 0;
    // @actions/core writes ::warning:: commands to stdout; capture them.
    jest.spyOn(process.stdout, 'write').mockImplementation((chunk: unknown) => (String(chunk).startsWith('::warning') && warnings.push(String(chunk)), true));
  });
  afterEach(() => jest.restoreAllMocks());

  test('Unknown for the first seconds is waited on without a warning', async () => {
    const clock = simulatedClock();
    const { arm } = fakeArm(clock, (now) => (now < 8000 ? 'Unknown' : now < 20_000 ? 'Running' : 'Succeeded'));
    const statuses: string[] = [];
    const done = await waitForExecution(arm, ref, { pollIntervalMs: 1000, timeoutMs: 60_000, clock, onStatus: (status) => statuses.push(status) });
    expect(done.properties?.status).toBe('Succeeded');
    expect(statuses).toEqual(['Unknown', 'Running', 'Succeeded']);
    expect(warnings).toEqual([]);
  });

  test('Unknown for unusually long warns once and keeps waiting', async () => {
    const clock = simulatedClock();
    const { arm } = fakeArm(clock, (now) => (now < 3 * 60_000 ? 'Unknown' : 'Succeeded'));
    const done = await waitForExecution(arm, ref, { pollIntervalMs: 1000, timeoutMs: 30 * 60_000, clock });
    expect(done.properties?.status).toBe('Succeeded');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain("has reported the status 'Unknown' for 2 min");
  });

  test('Unknown past the limit fails with a clear message', async () => {
    const clock = simulatedClock();
    const { arm } = fakeArm(clock, () => 'Unknown');
    const waiting = waitForExecution(arm, ref, { pollIntervalMs: 1000, timeoutMs: 60 * 60_000, clock });
    await expect(waiting).rejects.toBeInstanceOf(ExecutionStatusUnknownError);
    await expect(waitForExecution(arm, ref, { pollIntervalMs: 1000, timeoutMs: 60 * 60_000, clock })).rejects.toThrow("has reported the status 'Unknown' for 10 min, the limit");
    expect(clock.now()).toBeLessThan(25 * 60_000);
  });

  test('a missing status counts as Unknown', async () => {
    const clock = simulatedClock();
    const { arm } = fakeArm(clock, (now) => (now < 3000 ? undefined : 'Succeeded'));
    await expect(waitForExecution(arm, ref, { pollIntervalMs: 1000, timeoutMs: 60_000, clock })).resolves.toBeDefined();
    expect(warnings).toEqual([]);
  });
});

describe('stopExecution', () => {
  test('POSTs jobs/{job}/stop/{execution} and reports stopped once the status is terminal', async () => {
    const clock = simulatedClock();
    const { arm, sent } = fakeArm(clock, (now) => (now < 3000 ? 'Running' : 'Stopped'));
    expect(await stopExecution(arm, ref, { confirmWithinMs: 10_000, clock })).toBe('stopped');
    expect(sent[0]).toMatchObject({ method: 'POST', path: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.App/jobs/migrate-db/stop/migrate-db-abc1234' });
    expect(sent.filter((request) => request.method === 'POST')).toHaveLength(1);
  });

  test('a status still running when the time is up is "stopping", not stopped', async () => {
    const clock = simulatedClock();
    const { arm } = fakeArm(clock, () => 'Running');
    expect(await stopExecution(arm, ref, { confirmWithinMs: 3000, clock })).toBe('stopping');
  });

  test('without a confirmation window nothing is read after the stop', async () => {
    const clock = simulatedClock();
    const { arm, sent } = fakeArm(clock, () => 'Stopped');
    expect(await stopExecution(arm, ref, { clock })).toBe('stopping');
    expect(sent).toHaveLength(1);
  });

  test('an execution that is gone is not-found', async () => {
    const arm = { request: async () => ({ status: 404, url: '', headers: new Headers(), body: { error: { code: 'ResourceNotFound' } } }) } as unknown as RestClient;
    expect(await stopExecution(arm, ref, { confirmWithinMs: 1000, clock: simulatedClock() })).toBe('not-found');
  });
});
