import type { RestClient } from '@te-actions/azure-auth';
import { getExecution, getJobAuthToken, isTerminalStatus, listReplicaContainers, type ExecutionRef, type JobAuthToken } from '@te-actions/container-jobs';
import { formatDuration, parseAzureTime, systemClock, type Clock } from '@te-actions/poll';
import { IngestionCatchUp } from './ingestion-catch-up.js';
import { LineLedger } from './line-ledger.js';
import { readLiveStream } from './live-stream.js';
import { LogAnalyticsReader, type TimedLine } from './log-analytics-reader.js';
import { OccurrenceCounter } from './occurrence-counter.js';
import type { LogLine } from './log-line.js';
import { Watermark } from './watermark.js';

export interface FollowOptions {
  arm: RestClient;
  /** Log Analytics client and workspace; without them only the live stream is read. */
  logAnalytics?: { client: RestClient; workspaceId: string };
  ref: ExecutionRef;
  /** Read the replicas' live log streams while the execution runs. */
  live: boolean;
  /** Resolves when the execution has reached a terminal state (or is known to have). */
  finished: Promise<unknown>;
  /** After the end, keep querying until no new rows arrived for this long (the upper bound with `catchUp`). */
  graceMs: number;
  /**
   * End the wait after the end as soon as Log Analytics has caught up with it (a query made past the
   * execution's end plus the observed ingestion lag found nothing new; see IngestionCatchUp), and say
   * why it waited and why it stopped. `graceMs` stays the upper bound.
   */
  catchUp?: boolean;
  /** The execution's end time as the service recorded it, read once `finished` resolved; default: when it resolved. */
  endTime?: () => string | undefined;
  /** With a complete live stream, skip the grace period (the stream already had every line). */
  trustCompleteLiveStream?: boolean;
  /** Rows before this time (ISO) are not read: the execution's start, minus clock skew. */
  notBefore: string;
  /** Delay between Log Analytics queries; default 3 s. */
  queryIntervalMs?: number;
  /** How far back each query reaches behind the newest row seen, for late and out-of-order rows. */
  overlapMs?: number;
  /** Delay between replica look-ups while the execution runs; default 2 s. */
  replicaIntervalMs?: number;
  /** When no replica has listed a log stream for this long, read Log Analytics meanwhile; default 20 s. */
  noLiveStreamAfterMs?: number;
  print: (line: LogLine) => void;
  /** Awaited between batches so a slow stdout holds the reader back. */
  drain?: () => Promise<void>;
  signal?: AbortSignal;
  clock?: Clock;
  /** Progress notes (not log lines), e.g. which source is being read. */
  note?: (message: string) => void;
  /**
   * Print Log Analytics lines in time order: hold them behind a watermark (the observed ingestion
   * lag plus one query interval) so a row ingested late still prints before the lines after it.
   */
  ordered?: boolean;
}

export interface FollowResult {
  lines: number;
  liveLines: number;
  /** True when every replica's live stream was read to its clean end. */
  liveComplete: boolean;
  queries: number;
  /** Neither console log table exists in the workspace. */
  noTable: boolean;
  /** Log Analytics answers that came back partial and were asked again. */
  partialAnswers: number;
  /** Live streams the service closed while the execution still ran (reopened). */
  quietCloses: number;
}

const isoMinus = (iso: string, ms: number) => new Date(Date.parse(iso) - ms).toISOString().replace(/Z$/, '0000Z');

/**
 * Follows one execution's console logs, live and complete: the replicas' log streams while they
 * exist (lines within seconds), reconciled with Log Analytics (the durable record) so a line the
 * stream missed still appears, and each line is printed once.
 */
export async function followExecutionLogs(options: FollowOptions): Promise<FollowResult> {
  const clock = options.clock ?? systemClock;
  const ledger = new LineLedger();
  const overlapMs = options.overlapMs ?? 2 * 60_000;
  let lines = 0;
  let liveLines = 0;
  let finished = false;
  // Sleeps while the execution runs end when it finishes, so no timer outlives the follow.
  const running = new AbortController();
  const whileRunning = options.signal ? AbortSignal.any([options.signal, running.signal]) : running.signal;
  let finishedAt = 0;
  const onFinished = () => {
    finished = true;
    finishedAt = clock.now();
    running.abort();
  };
  void options.finished.then(onFinished, onFinished);
  const emit = (line: LogLine) => {
    lines++;
    options.print(line);
  };
  const queryInterval = options.queryIntervalMs ?? 3000;
  const watermark = options.ordered ? new Watermark(queryInterval) : undefined;
  const emitFromQuery = (line: TimedLine) => {
    if (watermark) watermark.push(line);
    else emit(line);
  };
  const release = (all: boolean) => {
    if (!watermark) return 0;
    const ready = all ? watermark.flush() : watermark.release();
    for (const line of ready) emit(line);
    return ready.length;
  };
  const noted = new Set<string>();
  /** A note said once per kind, however often its cause repeats. */
  const noteOnce = (kind: string, message: string) => {
    if (noted.has(kind)) return;
    noted.add(kind);
    options.note?.(message);
  };

  // Live: one reader per replica container, started as replicas appear.
  const streams = new Map<string, Promise<boolean>>();
  /** Streams that ended: source → how (clean or not); a quietly closed one is reopened. */
  const ended = new Map<string, boolean>();
  /** The newest time printed from each source's live stream: a reopened stream's tail repeats older lines. */
  const lastLiveTime = new Map<string, string>();
  /** Sources read one last time after the execution ended. */
  const finalReads = new Set<string>();
  let liveFailed = false;
  let quietCloses = 0;
  let token: JobAuthToken | undefined;
  const openStream = (container: { replicaName: string; containerName: string; logStreamEndpoint: string }, reopened: boolean) => {
    const source = `${container.replicaName}/${container.containerName}`;
    const reading = readLiveStream({
      endpoint: container.logStreamEndpoint,
      token: token!.token,
      source,
      signal: options.signal,
      onLine: (line) => {
        if (line.time) {
          const last = lastLiveTime.get(source);
          if (reopened && last !== undefined && line.time <= last) return;
          if (last === undefined || line.time > last) lastLiveTime.set(source, line.time);
        }
        ledger.recordLive(line);
        liveLines++;
        emit(line);
      },
    });
    streams.set(source, reading);
    void reading.then((clean) => {
      if (finished || options.signal?.aborted) return;
      if (!clean) {
        // A stream that breaks while the execution runs: Log Analytics fills the gap from now on.
        liveFailed = true;
        noteOnce('live-broken', `The live log stream of replica ${container.replicaName} broke; the rest of the log comes from Log Analytics.`);
        return;
      }
      ended.set(source, clean);
    });
  };
  /** No replica with a log stream showed up for this long: Log Analytics is read while waiting for one. */
  const noStreamAfterMs = options.noLiveStreamAfterMs ?? 20_000;
  const liveStarted = clock.now();
  let noStream = false;
  const liveLoop = async () => {
    while (!finished && !options.signal?.aborted) {
      try {
        const containers = await listReplicaContainers(options.arm, options.ref);
        if (!containers.length && !streams.size && !noStream && clock.now() - liveStarted >= noStreamAfterMs) {
          noStream = true;
          noteOnce('live-none', `No live log stream of execution ${options.ref.executionName} is available after ${Math.round(noStreamAfterMs / 1000)} s (no replica lists one); following the log through Log Analytics meanwhile.`);
        }
        for (const container of containers) {
          const source = `${container.replicaName}/${container.containerName}`;
          const reopen = ended.get(source) === true;
          if (streams.has(source) && !reopen) continue;
          if (reopen) {
            ended.delete(source);
            // The service closes a stream that has been idle for a while (Azure/azure-cli issues
            // 28267 and 33487) although the container still runs: reopen it, and let Log Analytics
            // reconcile whatever was written while it was closed.
            const execution = await getExecution(options.arm, options.ref);
            if (isTerminalStatus(execution.properties?.status)) {
              // Ended meanwhile: one last read of the stream's tail picks up what came after the quiet close.
              if (finalReads.has(source)) continue;
              finalReads.add(source);
            } else {
              quietCloses++;
              noteOnce('live-quiet', `The live log stream of replica ${container.replicaName} was closed by the service while the execution runs (an idle stream); reopening it and reconciling with Log Analytics.`);
            }
          }
          if (!token || (token.expiresAt !== undefined && token.expiresAt - 60_000 < Date.now())) token = await getJobAuthToken(options.arm, options.ref);
          if (!reopen) options.note?.(`Streaming the live log of replica ${container.replicaName}, container ${container.containerName}.`);
          openStream(container, reopen);
        }
      } catch (error) {
        if (options.signal?.aborted) return;
        liveFailed = true;
        noteOnce('live-unavailable', `The live log stream is not available (${error instanceof Error ? error.message : String(error)}); following the log through Log Analytics instead.`);
        return;
      }
      await clock.sleep(options.replicaIntervalMs ?? 2000, whileRunning).catch(() => undefined);
    }
  };

  // Complete: Log Analytics sweeps with an overlap window.
  const reader = options.logAnalytics
    ? new LogAnalyticsReader(options.logAnalytics.client, options.logAnalytics.workspaceId, options.ref, undefined, (message) => options.note?.(message))
    : undefined;
  let highWater: string | undefined;
  /** Set after the end: learns the ingestion lag from every row read. */
  let catchUp: IngestionCatchUp | undefined;
  const sweep = async (): Promise<number> => {
    if (!reader) return 0;
    const windowStart = highWater ? maxIso(isoMinus(highWater, overlapMs), options.notBefore) : options.notBefore;
    let printed = 0;
    // Tables one after the other: a line in both (a workspace with both destinations) is printed as
    // often as the table that has it most often, because occurrences are counted per table.
    for (const table of reader.candidates) {
      // Copies of one line share its time, so occurrences are counted per timestamp only.
      const occurrences = new OccurrenceCounter();
      let count = 0;
      for await (const page of reader.pages(table, windowStart)) {
        for (const line of page) {
          catchUp?.observe(line);
          const identity = ledger.identity(line);
          if (ledger.claim(line, occurrences.next(line.time, identity), identity)) {
            emitFromQuery(line);
            printed++;
          }
          if (highWater === undefined || line.time > highWater) highWater = line.time;
          if (++count % 4096 === 0) await options.drain?.();
        }
        await options.drain?.();
      }
    }
    if (highWater) ledger.forgetBefore(maxIso(isoMinus(highWater, overlapMs), options.notBefore));
    release(false);
    return printed;
  };

  const live = options.live ? liveLoop() : Promise.resolve();
  // While the execution runs, Log Analytics fills what the live stream cannot give (no stream, a gap).
  while (!finished && !options.signal?.aborted) {
    await clock.sleep(queryInterval, whileRunning).catch(() => undefined);
    if (!finished && reader && (!options.live || liveFailed || noStream || quietCloses > 0)) await sweep();
  }
  options.signal?.throwIfAborted();
  await live;
  const results = await Promise.all(streams.values());
  const liveComplete = options.live && !liveFailed && quietCloses === 0 && streams.size > 0 && results.every(Boolean);

  if (options.live && !streams.size && !liveFailed && !noStream) {
    noteOnce('live-none', `No live log stream of execution ${options.ref.executionName} was available while it ran (no replica listed one)${reader ? '; its log comes from Log Analytics' : ''}.`);
  }

  if (reader && !(liveComplete && options.trustCompleteLiveStream)) {
    // After the end: rows keep arriving for minutes (ingestion delay). Stop once Log Analytics has
    // caught up with the end (with `catchUp`), or after a quiet grace period.
    const recordedEnd = parseAzureTime(options.endTime?.());
    // A recorded end time is given to the second: the end is somewhere within that second.
    const endMs = Number.isFinite(recordedEnd) ? recordedEnd + 1000 : finishedAt || clock.now();
    catchUp = new IngestionCatchUp({ endMs, upperBoundMs: options.graceMs, marginMs: queryInterval, early: options.catchUp === true, clock });
    if (options.catchUp && !reader.noTable) {
      const why = !options.live
        ? 'its live stream was not read'
        : quietCloses > 0
          ? 'the service closed its live stream while it was idle'
          : liveFailed
            ? 'its live stream was unavailable or broke'
            : !streams.size
              ? 'no live log stream was available'
              : 'its live stream did not end cleanly';
      options.note?.(
        `Reading Log Analytics after the end of execution ${options.ref.executionName}, because ${why} and rows arrive there late: until it has caught up with the end, at most ${formatDuration(options.graceMs)} without a new line.`,
      );
    }
    for (;;) {
      options.signal?.throwIfAborted();
      const startedAt = catchUp.sweepStarting();
      const printed = await sweep();
      if (reader.noTable) break;
      const verdict = catchUp.sweepDone(startedAt, printed);
      if (verdict.done) {
        if (options.catchUp) {
          const lag = verdict.lagMs === undefined ? undefined : formatSeconds(verdict.lagMs);
          options.note?.(
            verdict.why === 'caught-up'
              ? `Log Analytics has caught up with the end of execution ${options.ref.executionName}: rows arrived up to ${lag} after they were written, and a query made once the end plus that lag and a margin had passed found nothing new; stopped reading after ${formatSeconds(verdict.waitedMs)}.`
              : `Stopped reading Log Analytics after ${formatDuration(options.graceMs)} without a new line (the upper bound)${lag === undefined ? ': no row showed when it was ingested, so it could not be told that Log Analytics had caught up' : ''}.`,
          );
        }
        break;
      }
      await clock.sleep(catchUp.nextSleepMs(queryInterval), options.signal);
    }
  }
  release(true);
  return { lines, liveLines, liveComplete, queries: reader?.queryCount ?? 0, noTable: reader?.noTable ?? false, partialAnswers: reader?.partialAnswers ?? 0, quietCloses };
}

function formatSeconds(ms: number): string {
  return ms < 60_000 ? `${Math.round(ms / 100) / 10} s` : formatDuration(ms);
}

function maxIso(a: string, b: string): string {
  return a > b ? a : b;
}
