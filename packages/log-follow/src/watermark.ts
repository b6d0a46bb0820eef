import type { TimedLine } from './log-analytics-reader.js';

/**
 * Holds Log Analytics lines back until no earlier line can still arrive, so they print in time
 * order even when rows are ingested out of order by more than one poll.
 *
 * Each row says when it was written (TimeGenerated) and when it was ingested (`ingestion_time()`):
 * the largest gap seen is the ingestion lag. A line is released once the service's clock (estimated
 * from the newest ingestion time seen, against the local clock) has passed its time by that lag
 * plus one query interval: by then a row written before it has been ingested and queried. The cost
 * is latency: lines appear that much later than they become queryable. `flush` releases everything
 * (at the end of the log).
 */
export class Watermark {
  private held: TimedLine[] = [];
  private maxLagMs = 0;
  /** Service clock minus local clock, at least (ingestion times are never ahead of the service's now). */
  private offsetMs: number | undefined;

  constructor(
    private readonly marginMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  get size(): number {
    return this.held.length;
  }

  push(line: TimedLine): void {
    // Held without its ingestion time (read here once): a long log is held whole when it was written
    // within the last lag + interval, so each held line stays as small as it can be.
    this.held.push({ time: line.time, stream: line.stream, source: line.source, text: line.text });
    if (!line.ingestedAt) return;
    const ingested = Date.parse(line.ingestedAt);
    const written = Date.parse(line.time);
    if (Number.isNaN(ingested) || Number.isNaN(written)) return;
    if (ingested - written > this.maxLagMs) this.maxLagMs = ingested - written;
    const offset = ingested - this.now();
    if (this.offsetMs === undefined || offset > this.offsetMs) this.offsetMs = offset;
  }

  /** Lines whose time is behind the watermark, oldest first (ties keep their arrival order). */
  release(): TimedLine[] {
    if (!this.held.length) return [];
    const mark = this.now() + (this.offsetMs ?? 0) - this.maxLagMs - this.marginMs;
    const markIso = new Date(mark).toISOString().replace(/Z$/, '9999Z');
    const ready: TimedLine[] = [];
    const kept: TimedLine[] = [];
    for (const line of this.held) (line.time <= markIso ? ready : kept).push(line);
    this.held = kept;
    return sortByTime(ready);
  }

  flush(): TimedLine[] {
    const all = this.held;
    this.held = [];
    return sortByTime(all);
  }
}

function sortByTime(lines: TimedLine[]): TimedLine[] {
  // Array.prototype.sort is stable: copies of one line keep their order.
  return lines.sort((a, b) => (a.time < b.time ? -1 : a.time > b.time ? 1 : a.source < b.source ? -1 : a.source > b.source ? 1 : 0));
}
