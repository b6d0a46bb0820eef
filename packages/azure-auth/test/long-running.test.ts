import type { Clock } from '@te-actions/poll';
import { waitForLongRunning } from '../src/long-running.js';
import type { RestClient, RestRequest, RestResponse } from '../src/rest-client.js';

/** A clock whose sleeps only advance time, and which records each request's time. */
function simulatedClock(): Clock & { slept: number[] } {
  let now = 0;
  const slept: number[] = [];
  return { slept, now: () => now, sleep: async (ms) => void (slept.push(ms), (now += ms)) };
}

function response<T>(status: number, headers: Record<string, string>, body?: T): RestResponse<T> {
  return { status, url: 'https://arm/', headers: new Headers(headers), body: body as T } as RestResponse<T>;
}

/** A client that answers GETs from a script and records what was asked, and when. */
function scriptedClient(clock: Clock, answers: RestResponse<unknown>[]): RestClient & { sent: { request: RestRequest; at: number }[] } {
  const sent: { request: RestRequest; at: number }[] = [];
  return {
    sent,
    signal: undefined,
    request: async (request: RestRequest) => {
      sent.push({ request, at: clock.now() });
      const next = answers.shift();
      if (!next) throw new Error('no more answers');
      return next;
    },
  } as unknown as RestClient & { sent: { request: RestRequest; at: number }[] };
}

describe('waitForLongRunning', () => {
  test('recorded job PATCH: waits Retry-After before each poll and follows the newest Location', async () => {
    const clock = simulatedClock();
    const client = scriptedClient(clock, [response(202, { location: 'https://arm/op?t=2', 'retry-after': '5' }), response(200, {}, { name: 'job' })]);
    const initial = response(202, { location: 'https://arm/op?t=1', 'retry-after': '5' });
    const final = await waitForLongRunning(client, initial, { what: 'Updating', timeoutMs: 60_000, clock });
    expect(final.status).toBe(200);
    expect(final.body).toEqual({ name: 'job' });
    expect(client.sent.map(({ request }) => [request.method, request.path])).toEqual([
      ['GET', 'https://arm/op?t=1'],
      ['GET', 'https://arm/op?t=2'],
    ]);
    expect(client.sent.map(({ at }) => at)).toEqual([5000, 10_000]);
  });

  test('a 202 without a new Location keeps polling the last one', async () => {
    const clock = simulatedClock();
    const client = scriptedClient(clock, [response(202, {}), response(200, {}, {})]);
    await waitForLongRunning(client, response(202, { location: 'https://arm/op?t=1' }), { what: 'x', timeoutMs: 60_000, pollIntervalMs: 1000, clock });
    expect(client.sent.map(({ request }) => request.path)).toEqual(['https://arm/op?t=1', 'https://arm/op?t=1']);
    expect(client.sent[0]!.at).toBe(1000);
  });

  test('Azure-AsyncOperation (job create): no poll before Retry-After, then the status until Succeeded', async () => {
    const clock = simulatedClock();
    const client = scriptedClient(clock, [response(200, {}, { status: 'InProgress' }), response(200, {}, { status: 'Succeeded' })]);
    const initial = response(201, { 'azure-asyncoperation': 'https://arm/status', 'retry-after': '5' }, { name: 'job' });
    const final = await waitForLongRunning(client, initial, { what: 'Creating', timeoutMs: 60_000, pollIntervalMs: 1000, clock });
    expect(final).toBe(initial);
    expect(client.sent.map(({ at }) => at)).toEqual([5000, 6000]);
  });

  test('an operation that ends Failed throws its error', async () => {
    const clock = simulatedClock();
    const client = scriptedClient(clock, [response(200, {}, { status: 'Failed', error: { code: 'ImagePullFailed', message: 'no such image' } })]);
    await expect(waitForLongRunning(client, response(202, { 'azure-asyncoperation': 'https://arm/status' }), { what: 'Updating', timeoutMs: 60_000, clock })).rejects.toThrow('ImagePullFailed');
  });

  test('200 at once is the result: nothing is polled', async () => {
    const clock = simulatedClock();
    const client = scriptedClient(clock, []);
    const initial = response(200, {}, { id: '/x/executions/e1', name: 'e1' });
    expect(await waitForLongRunning(client, initial, { what: 'Starting', timeoutMs: 1000, clock })).toBe(initial);
    expect(client.sent).toHaveLength(0);
  });
});
