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
  // Held lines as columns rather than one object each: a long log written within the last lag +
  // interval is held whole, so each held line costs only its strings (stream and source are shared).
  private times: string[] = [];
  private streams: string[] = [];
  private sources: string[] = [];
  private texts: string[] = [];
  private maxLagMs = 0;
  /** Service clock minus local clock, at least (ingestion times are never ahead of the service's now). */
  private offsetMs: number | undefined;

  constructor(
    private readonly marginMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  get size(): number {
    return this.times.length;
  }

  push(line: TimedLine): void {
    this.times.push(line.time);
    this.streams.push(line.stream);
    this.sources.push(line.source);
    this.texts.push(line.text);
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
    if (!this.times.length) return [];
    const mark = this.now() + (this.offsetMs ?? 0) - this.maxLagMs - this.marginMs;
    const markIso = new Date(mark).toISOString().replace(/Z$/, '9999Z');
    return this.take((time) => time <= markIso);
  }

  flush(): TimedLine[] {
    return this.take(() => true);
  }

  /** Removes the held lines whose time passes the test and returns them in time order. */
  private take(ready: (time: string) => boolean): TimedLine[] {
    const out: TimedLine[] = [];
    let kept = 0;
    for (let index = 0; index < this.times.length; index++) {
      const time = this.times[index]!;
      if (ready(time)) {
        out.push({ time, stream: this.streams[index]!, source: this.sources[index]!, text: this.texts[index]! });
        continue;
      }
      this.times[kept] = time;
      this.streams[kept] = this.streams[index]!;
      this.sources[kept] = this.sources[index]!;
      this.texts[kept] = this.texts[index]!;
      kept++;
    }
    this.times.length = this.streams.length = this.sources.length = this.texts.length = kept;
    return sortByTime(out);
  }
}

function sortByTime(lines: TimedLine[]): TimedLine[] {
  // Array.prototype.sort is stable: copies of one line keep their order.
  return lines.sort((a, b) => (a.time < b.time ? -1 : a.time > b.time ? 1 : a.source < b.source ? -1 : a.source > b.source ? 1 : 0));
}
