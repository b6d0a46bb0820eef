import { backoffDelay, parseRetryAfter } from '../src/backoff.js';
import { Deadline, DeadlineExceededError } from '../src/deadline.js';
import { adaptiveSchedule, pollUntil } from '../src/poll-until.js';
import type { Clock } from '../src/clock.js';

function simulatedClock(): Clock & { slept: number[] } {
  let now = 0;
  const slept: number[] = [];
  return {
    slept,
    now: () => now,
    sleep: async (ms, signal) => {
      signal?.throwIfAborted();
      slept.push(ms);
      now += ms;
    },
  };
}

describe('backoff', () => {
  test('grows exponentially and is capped', () => {
    const fixed = { initialMs: 1000, maxMs: 8000, jitter: 0 };
    expect([0, 1, 2, 3, 4, 10].map((attempt) => backoffDelay(attempt, fixed))).toEqual([1000, 2000, 4000, 8000, 8000, 8000]);
  });

  test('jitter stays within its band and never exceeds the cap', () => {
    for (const random of [0, 0.5, 0.999]) {
      const delay = backoffDelay(2, { initialMs: 1000, maxMs: 4000, jitter: 0.2, random: () => random });
      expect(delay).toBeGreaterThanOrEqual(3600);
      expect(delay).toBeLessThanOrEqual(4000);
    }
  });

  test('Retry-After as seconds and as an HTTP date', () => {
    expect(parseRetryAfter('3')).toBe(3000);
    expect(parseRetryAfter('0.5')).toBe(500);
    expect(parseRetryAfter(new Date(10_000).toUTCString(), 4_000)).toBe(6000);
    expect(parseRetryAfter('soon')).toBeUndefined();
    expect(parseRetryAfter(null)).toBeUndefined();
  });
});

describe('pollUntil', () => {
  test('returns the first value and sleeps by the schedule', async () => {
    const clock = simulatedClock();
    let calls = 0;
    const value = await pollUntil({
      clock,
      schedule: adaptiveSchedule(5000),
      deadline: new Deadline(60_000, 'waiting', clock),
      check: async () => (++calls === 3 ? 'done' : undefined),
    });
    expect(value).toBe('done');
    expect(clock.slept).toEqual([5000, 5000]);
  });

  test('a requested delay (Retry-After) replaces the schedule once', async () => {
    const clock = simulatedClock();
    let calls = 0;
    const requested = [12_000, undefined];
    await pollUntil({
      clock,
      schedule: adaptiveSchedule(5000),
      deadline: new Deadline(60_000, 'waiting', clock),
      requestedDelay: () => requested.shift(),
      check: async () => (++calls === 3 ? true : undefined),
    });
    expect(clock.slept).toEqual([12_000, 5000]);
  });

  test('throws at the deadline', async () => {
    const clock = simulatedClock();
    await expect(
      pollUntil({ clock, schedule: adaptiveSchedule(5000), deadline: new Deadline(12_000, 'The execution', clock), check: async () => undefined }),
    ).rejects.toThrow(DeadlineExceededError);
    expect(clock.now()).toBe(12_000);
  });

  test('stops when aborted', async () => {
    const controller = new AbortController();
    controller.abort(new Error('cancelled'));
    await expect(pollUntil({ signal: controller.signal, schedule: adaptiveSchedule(10), deadline: new Deadline(1000, 'x'), check: async () => undefined })).rejects.toThrow('cancelled');
  });

  test('adaptive schedule: steady at first, backing off to the cap on long runs', () => {
    const schedule = adaptiveSchedule(5000, { steadyForMs: 120_000, maxMs: 30_000 });
    expect(schedule.delayAfter(0)).toBe(5000);
    expect(schedule.delayAfter(120_000)).toBe(5000);
    expect(schedule.delayAfter(10 * 60_000)).toBe(30_000);
    const later = [130_000, 160_000, 200_000, 300_000].map((elapsed) => schedule.delayAfter(elapsed));
    expect([...later].sort((a, b) => a - b)).toEqual(later);
  });
});
