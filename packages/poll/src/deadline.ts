import { systemClock, type Clock } from './clock.js';

export class DeadlineExceededError extends Error {
  constructor(readonly what: string, readonly ms: number) {
    super(`${what} did not finish within ${formatDuration(ms)}.`);
    this.name = 'DeadlineExceededError';
  }
}

export function formatDuration(ms: number): string {
  const seconds = Math.round(ms / 1000);
  if (seconds < 120) return `${seconds} s`;
  const minutes = Math.round(seconds / 6) / 10;
  return `${minutes} min`;
}

/** A point in time after which waiting stops. */
export class Deadline {
  readonly at: number;

  constructor(readonly ms: number, readonly what: string, private readonly clock: Clock = systemClock) {
    this.at = clock.now() + ms;
  }

  remaining(): number {
    return Math.max(0, this.at - this.clock.now());
  }

  expired(): boolean {
    return this.remaining() <= 0;
  }

  error(): DeadlineExceededError {
    return new DeadlineExceededError(this.what, this.ms);
  }
}
