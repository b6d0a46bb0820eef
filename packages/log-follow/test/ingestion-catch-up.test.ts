import type { Clock } from '@te-actions/poll';
import { IngestionCatchUp, type CatchUpVerdict } from '../src/ingestion-catch-up.js';
import type { TimedLine } from '../src/log-analytics-reader.js';

/** The simulated clock of packages/poll's Clock: sleeping moves time on at once. */
function simulatedClock(start: number): Clock {
  let now = start;
  return {
    now: () => now,
    sleep: async (ms, signal) => {
      signal?.throwIfAborted();
      now += ms;
    },
  };
}

const at = (ms: number) => new Date(ms).toISOString().replace(/Z$/, '0000Z');

interface Row {
  written: number;
  /** When the row becomes queryable, on the service's clock. */
  ingested: number;
  /** Rows without `ingestion_time()` (never the case in real answers, but the rule must not assume it). */
  noIngestionTime?: boolean;
}

interface Run {
  verdict: Extract<CatchUpVerdict, { done: true }>;
  /** Local time the wait ended. */
  endedAt: number;
  printed: number;
  queries: number;
}

/**
 * The follow's loop after the end, against a simulated workspace: each sweep sees the rows ingested
 * by the service's clock (local clock + skew) at the time it is made.
 */
async function waitAfterEnd(rows: Row[], options: { endMs: number; startMs?: number; skewMs?: number; intervalMs?: number; upperBoundMs?: number; early?: boolean }): Promise<Run> {
  const intervalMs = options.intervalMs ?? 3000;
  const clock = simulatedClock(options.startMs ?? options.endMs);
  const rule = new IngestionCatchUp({ endMs: options.endMs, upperBoundMs: options.upperBoundMs ?? 5 * 60_000, marginMs: intervalMs, early: options.early ?? true, clock });
  const seen = new Set<Row>();
  let queries = 0;
  for (;;) {
    const startedAt = rule.sweepStarting();
    const serviceNow = clock.now() + (options.skewMs ?? 0);
    queries++;
    let printed = 0;
    for (const row of rows) {
      if (row.ingested > serviceNow) continue;
      const line: TimedLine = { time: at(row.written), ...(row.noIngestionTime ? {} : { ingestedAt: at(row.ingested) }), source: 'r/c', stream: 'stdout', text: String(row.written) };
      rule.observe(line);
      if (!seen.has(row)) {
        seen.add(row);
        printed++;
      }
    }
    const verdict = rule.sweepDone(startedAt, printed);
    if (verdict.done) return { verdict, endedAt: clock.now(), printed: seen.size, queries };
    if (queries > 10_000) throw new Error('the wait never ended');
    await clock.sleep(rule.nextSleepMs(intervalMs));
  }
}

/** Rows written every second over [from, to], each ingested `lag` later. */
const rowsEvery = (from: number, to: number, lag: (written: number) => number): Row[] => {
  const rows: Row[] = [];
  for (let written = from; written <= to; written += 1000) rows.push({ written, ingested: written + lag(written) });
  return rows;
};

describe('IngestionCatchUp', () => {
  test('ends once a query made past the end plus the observed lag (plus one interval) found nothing new', async () => {
    // Written from 60 s to 100 s (the end), each ingested 4 s later.
    const rows = rowsEvery(60_000, 100_000, () => 4000);
    const run = await waitAfterEnd(rows, { endMs: 100_000 });
    expect(run.printed).toBe(rows.length);
    expect(run.verdict).toMatchObject({ why: 'caught-up', lagMs: 4000 });
    // Catch-up point: 100 + 4 + 3 = 107 s. Queries at 100, 103, 106, 109: the one at 109 s ends it.
    expect(run.endedAt).toBe(109_000);
    expect(run.verdict.waitedMs).toBe(9000);
  });

  test('with minutes of lag it waits about that long, far below the upper bound, and no row is missed', async () => {
    const rows = rowsEvery(0, 600_000, (written) => 120_000 + (written % 7) * 1000);
    const run = await waitAfterEnd(rows, { endMs: 600_000 });
    expect(run.printed).toBe(rows.length);
    expect(run.verdict.why).toBe('caught-up');
    // Lag up to 126 s, margin half of it: 189 s after the end, a query interval at most beyond.
    expect(run.endedAt - 600_000).toBeGreaterThanOrEqual(189_000);
    expect(run.endedAt - 600_000).toBeLessThan(193_000);
  });

  test('a query past the point that still finds a new row does not end the wait; the next quiet one does', async () => {
    // The last row is later than every row before it: ingested 4.5 s after it was written, not 2 s.
    const rows = [...rowsEvery(60_000, 99_000, () => 2000), { written: 100_000, ingested: 104_500 }];
    const run = await waitAfterEnd(rows, { endMs: 100_000 });
    expect(run.printed).toBe(rows.length);
    // The query at 106 s is past 100 + 2 + 3 s but finds that row; the point moves to 100 + 4.5 + 3 s.
    expect(run.verdict).toMatchObject({ why: 'caught-up', lagMs: 4500 });
    expect(run.endedAt).toBe(109_000);
  });

  test('a service clock behind the local one makes it wait longer, never shorter', async () => {
    const rows = rowsEvery(60_000, 100_000, () => 4000).map((row) => ({ ...row, written: row.written - 10_000, ingested: row.ingested - 10_000 }));
    // The service's clock reads 10 s less than the local one; the end (90 s) is on the service's clock.
    const run = await waitAfterEnd(rows, { endMs: 90_000, startMs: 100_000, skewMs: -10_000 });
    expect(run.printed).toBe(rows.length);
    expect(run.verdict.why).toBe('caught-up');
    // Service point 90 + 4 + 3 = 97 s = local 107 s; the offset is learned no better than the newest
    // ingestion time against the local clock, so it ends no earlier than that.
    expect(run.endedAt).toBeGreaterThanOrEqual(107_000);
  });

  test('without any ingestion time (no row read) only the upper bound ends it, counted from the last new line', async () => {
    const none = await waitAfterEnd([], { endMs: 100_000 });
    expect(none.verdict).toMatchObject({ why: 'upper-bound', lagMs: undefined });
    expect(none.endedAt - 100_000).toBe(5 * 60_000);

    const untimed = await waitAfterEnd([{ written: 90_000, ingested: 200_000, noIngestionTime: true }], { endMs: 100_000 });
    expect(untimed.printed).toBe(1);
    expect(untimed.verdict.why).toBe('upper-bound');
    // The row was ingested at 200 s and found by the query at 202 s: five quiet minutes from then.
    expect(untimed.endedAt).toBe(202_000 + 5 * 60_000);
  });

  test('early: false (a fixed grace) ends only after the upper bound without a new line', async () => {
    const run = await waitAfterEnd(rowsEvery(60_000, 100_000, () => 4000), { endMs: 100_000, early: false, upperBoundMs: 30_000 });
    expect(run.verdict.why).toBe('upper-bound');
    // The last row arrived at the 106 s query: 30 s without a new line after it.
    expect(run.endedAt).toBe(136_000);
  });

  test('a lag that keeps growing moves the catch-up point on until the latest row was found', async () => {
    // Each row is later than the one before (written up to 100 s, the last one ingested 200 s late).
    const rows = rowsEvery(60_000, 100_000, (written) => (written - 60_000) * 5);
    const run = await waitAfterEnd(rows, { endMs: 100_000 });
    expect(run.printed).toBe(rows.length);
    // The last row (ingested at 300 s) is found, then the catch-up point (100 + 200 + 100 s) passes.
    expect(run.endedAt).toBeGreaterThanOrEqual(400_000);
    expect(run.endedAt).toBeLessThan(404_000);
    expect(run.verdict.why).toBe('caught-up');
  });
});
