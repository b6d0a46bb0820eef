import type { RestClient } from '@te-actions/azure-auth';
import { adaptiveSchedule, Deadline, systemClock } from '@te-actions/poll';
import type { RegistryRef, Run } from './acr-types.js';
import { blobRequest } from './blob-http.js';
import type { BuildLogPrinter } from './build-log-printer.js';
import { getRun } from './get-run.js';
import { LogTail } from './log-tail.js';
import type { RunLogLink } from './run-log-url.js';
import { isTerminalRunStatus } from './run-status.js';

export interface FollowOptions {
  /** Where the run log is: the append blob (tailed) or the registry artifact (read at the end). */
  logLink: RunLogLink;
  printer: BuildLogPrinter;
  deadline: Deadline;
  signal?: AbortSignal;
  /** Log read interval (default 1 s, as the Azure CLI's tail: 1–2 s). */
  pollMs?: number;
  /** First interval between run status checks (default 2 s); it backs off to 30 s on long runs. */
  statusMs?: number;
  /** How long to keep reading after the run ended while the log is not marked complete. */
  logGraceMs?: number;
  /** Called with each run status seen. */
  onStatus?: (run: Run) => void;
}

export interface FollowResult {
  run: Run;
  /** The log was marked complete and read to its end. */
  logComplete: boolean;
  /** The outcome word of the log's `Complete` metadata (`successful`, `failed`, ...), when it had one. */
  logOutcome?: string;
}

/**
 * Follows a run until it is terminal and its log complete: reads new log bytes every `pollMs`
 * (each byte printed once) and the run's status every `statusMs`, backing off to one check per
 * 30 s on long runs. Once the log is marked complete the status is checked at every poll until
 * it is terminal, so the end of the run is seen within one poll of its log's end. A log kept as a
 * registry artifact is read once the run has ended. Throws the deadline's error or the signal's
 * reason.
 */
export async function followRun(arm: RestClient, ref: RegistryRef, runId: string, options: FollowOptions): Promise<FollowResult> {
  const pollMs = options.pollMs ?? 1000;
  const statusMs = options.statusMs ?? 2000;
  const graceMs = options.logGraceMs ?? 30_000;
  const schedule = adaptiveSchedule(statusMs, { steadyForMs: 2 * 60_000, maxMs: 30_000 });
  const tail = options.logLink.kind === 'blob' ? new LogTail(options.logLink.url, options.signal) : undefined;
  const started = systemClock.now();
  let run: Run | undefined;
  let lastCheck = -Infinity;
  let terminalAt: number | undefined;
  let logComplete = false;
  let logOutcome: string | undefined;

  const checkRun = async () => {
    run = await getRun(arm, ref, runId);
    lastCheck = systemClock.now();
    options.onStatus?.(run);
    if (isTerminalRunStatus(run.properties?.status)) terminalAt ??= lastCheck;
  };

  try {
    return await loop();
  } finally {
    // Ends the log (and its stop-commands block) also on cancellation and errors.
    options.printer.end();
  }

  async function loop(): Promise<FollowResult> {
    for (;;) {
      options.signal?.throwIfAborted();
      const now = systemClock.now();
      // A complete log means the run has ended or is about to: no backing off any more.
      const due = logComplete ? Math.min(pollMs, statusMs) : schedule.delayAfter(now - started);
      if (terminalAt === undefined && now - lastCheck >= due - 50) await checkRun();
      if (!logComplete && tail) {
        const read = await tail.read();
        options.printer.push(read.bytes);
        logComplete = read.complete;
        logOutcome = read.outcome;
        if (logComplete && terminalAt === undefined) await checkRun();
      }
      if (!logComplete && !tail && terminalAt !== undefined) logComplete = await readArtifact();
      if (terminalAt !== undefined && (logComplete || systemClock.now() - terminalAt >= graceMs)) return { run: run!, logComplete, logOutcome };
      if (options.deadline.expired()) throw options.deadline.error();
      await systemClock.sleep(Math.min(pollMs, Math.max(options.deadline.remaining(), 1)), options.signal);
    }
  }

  /** Reads the whole artifact log once the run has ended; false while it is not there yet (404). */
  async function readArtifact(): Promise<boolean> {
    const response = await blobRequest({ url: new URL(options.logLink.url), method: 'GET', what: 'Reading the build log artifact', signal: options.signal, allow: [404] });
    if (response.status === 404) return false;
    options.printer.push(response.body);
    return true;
  }
}
