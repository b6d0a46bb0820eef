import type { Clock } from '@te-actions/poll';
import type { TimedLine } from './log-analytics-reader.js';

export interface CatchUpOptions {
  /** When the execution ended, on the service's clock (ms since the epoch). */
  endMs: number;
  /** Stop after this long without a new line, caught up or not: the upper bound of the wait. */
  upperBoundMs: number;
  /**
   * The least added to the observed ingestion lag before a query counts as made after the end (one
   * query interval); half the lag is added when that is more.
   */
  marginMs: number;
  /** End early once caught up; when false only the upper bound ends the wait. */
  early: boolean;
  clock: Clock;
}

export type CatchUpVerdict =
  | { done: false }
  | { done: true; why: 'caught-up'; lagMs: number; waitedMs: number }
  | { done: true; why: 'upper-bound'; lagMs: number | undefined; waitedMs: number };

/**
 * Decides when reading Log Analytics after an execution's end can stop.
 *
 * Rows become queryable some time after they are written (the ingestion lag, usually minutes). Each
 * row says when it was written (TimeGenerated) and when it was ingested (`ingestion_time()`): the
 * largest gap seen is the observed lag, and the newest ingestion time seen against the local clock
 * gives a lower bound of the service's clock (a row is never ingested in the service's future).
 * Log Analytics has caught up once a query made when the service's clock was past the execution's
 * end plus the observed lag and a margin (half the lag, at least one query interval) found nothing
 * new: every row written before the end with no more than that lag was already in that query's answer. Without any ingestion time
 * (no row read at all) nothing can be concluded, and the wait ends only at the upper bound, after
 * `upperBoundMs` without a new line.
 *
 * The rule trusts the largest lag seen while the execution ran: a last row delayed more than half
 * again as long as any row before it could still be missed, which is why the lag is the largest one
 * seen, not a mean, and the margin grows with it.
 */
export class IngestionCatchUp {
  private maxLagMs: number | undefined;
  /** Service clock minus local clock, at least. */
  private offsetMs: number | undefined;
  private quietSince: number;
  private readonly startedAt: number;

  constructor(private readonly options: CatchUpOptions) {
    this.startedAt = this.quietSince = options.clock.now();
  }

  /** The observed ingestion lag (the largest), once a row with an ingestion time has been read. */
  get lagMs(): number | undefined {
    return this.maxLagMs;
  }

  /** Records a row read from Log Analytics, new or already printed. */
  observe(line: TimedLine): void {
    if (!line.ingestedAt) return;
    const ingested = Date.parse(line.ingestedAt);
    const written = Date.parse(line.time);
    if (Number.isNaN(ingested) || Number.isNaN(written)) return;
    const lag = Math.max(0, ingested - written);
    if (this.maxLagMs === undefined || lag > this.maxLagMs) this.maxLagMs = lag;
    const offset = ingested - this.options.clock.now();
    if (this.offsetMs === undefined || offset > this.offsetMs) this.offsetMs = offset;
  }

  /** Local time to pass to `sweepDone` for a query (or queries) about to be made. */
  sweepStarting(): number {
    return this.options.clock.now();
  }

  /**
   * After one sweep over the tables, begun at `startedAt` (local), that printed `printed` new lines:
   * whether to stop, and why.
   */
  sweepDone(startedAt: number, printed: number): CatchUpVerdict {
    const now = this.options.clock.now();
    if (printed > 0) this.quietSince = now;
    if (this.options.early && printed === 0 && this.maxLagMs !== undefined && this.offsetMs !== undefined) {
      const serviceAtStart = startedAt + this.offsetMs;
      if (serviceAtStart >= this.options.endMs + this.maxLagMs + Math.max(this.options.marginMs, this.maxLagMs / 2)) {
        return { done: true, why: 'caught-up', lagMs: this.maxLagMs, waitedMs: now - this.startedAt };
      }
    }
    if (now - this.quietSince >= this.options.upperBoundMs) return { done: true, why: 'upper-bound', lagMs: this.maxLagMs, waitedMs: now - this.startedAt };
    return { done: false };
  }

  /** How long to sleep before the next sweep: one query interval, never past the upper bound. */
  nextSleepMs(intervalMs: number): number {
    return Math.min(intervalMs, Math.max(1, this.options.upperBoundMs - (this.options.clock.now() - this.quietSince)));
  }
}
