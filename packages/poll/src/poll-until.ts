import { systemClock, type Clock } from './clock.js';
import { Deadline } from './deadline.js';

export interface PollSchedule {
  /** Delay before the next check, given the time since polling began. */
  delayAfter(elapsedMs: number): number;
}

/**
 * Frequent checks near the start, backing off on long runs: `intervalMs` for the first
 * `steadyForMs`, then growing by `factor` per check up to `maxMs`.
 */
export function adaptiveSchedule(intervalMs: number, options: { steadyForMs?: number; maxMs?: number; factor?: number } = {}): PollSchedule {
  const steadyForMs = options.steadyForMs ?? 2 * 60_000;
  const maxMs = Math.max(intervalMs, options.maxMs ?? 30_000);
  const factor = options.factor ?? 1.25;
  return {
    delayAfter(elapsedMs) {
      if (elapsedMs <= steadyForMs) return intervalMs;
      const checksPast = Math.log(1 + (elapsedMs - steadyForMs) / intervalMs) / Math.log(factor);
      return Math.min(maxMs, Math.round(intervalMs * factor ** Math.min(checksPast, 64)));
    },
  };
}

export interface PollOptions<T> {
  /** One check; returns a value when done, undefined to keep waiting. */
  check: () => Promise<T | undefined>;
  schedule: PollSchedule;
  deadline: Deadline;
  signal?: AbortSignal;
  clock?: Clock;
  /** A delay the last answer asked for (e.g. Retry-After), which replaces the schedule's once. */
  requestedDelay?: () => number | undefined;
}

/** Calls `check` until it returns a value, the deadline passes (throws) or the signal aborts (throws). */
export async function pollUntil<T>(options: PollOptions<T>): Promise<T> {
  const clock = options.clock ?? systemClock;
  const started = clock.now();
  for (;;) {
    options.signal?.throwIfAborted();
    const result = await options.check();
    if (result !== undefined) return result;
    if (options.deadline.expired()) throw options.deadline.error();
    const wanted = options.requestedDelay?.() ?? options.schedule.delayAfter(clock.now() - started);
    await clock.sleep(Math.min(wanted, Math.max(options.deadline.remaining(), 1)), options.signal);
  }
}
