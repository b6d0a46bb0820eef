export interface BackoffOptions {
  /** First delay in ms. */
  initialMs: number;
  /** Largest delay in ms. */
  maxMs: number;
  /** Growth per attempt. Default 2. */
  factor?: number;
  /** Fraction of the delay drawn at random, 0..1. Default 0.2 (±10 %). */
  jitter?: number;
  random?: () => number;
}

/** Capped exponential backoff with jitter for attempt 0, 1, 2, ... */
export function backoffDelay(attempt: number, options: BackoffOptions): number {
  const factor = options.factor ?? 2;
  const jitter = options.jitter ?? 0.2;
  const random = options.random ?? Math.random;
  const base = Math.min(options.maxMs, options.initialMs * factor ** attempt);
  const spread = base * jitter;
  return Math.max(0, Math.round(Math.min(options.maxMs, base - spread / 2 + random() * spread)));
}

/**
 * Parses a Retry-After header (delta-seconds or an HTTP date) into milliseconds, or undefined.
 * Also understands `retry-after-ms` / `x-ms-retry-after-ms` values passed as plain milliseconds.
 */
export function parseRetryAfter(value: string | null | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}
