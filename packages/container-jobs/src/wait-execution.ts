import * as core from '@actions/core';
import type { RestClient } from '@te-actions/azure-auth';
import { adaptiveSchedule, Deadline, formatDuration, pollUntil, systemClock, type Clock } from '@te-actions/poll';
import { classifyStatus, isTerminalStatus } from './execution-status.js';
import type { ExecutionRef, JobExecution } from './execution-types.js';
import { getExecution } from './get-execution.js';

/** A new execution reports `Unknown` for its first seconds; this long is unusual and is warned about. */
export const UNKNOWN_WARN_AFTER_MS = 2 * 60_000;
/** Past this much `Unknown` in a row the wait gives up (documented in run-job-and-wait's README). */
export const UNKNOWN_LIMIT_MS = 10 * 60_000;

export interface WaitOptions {
  pollIntervalMs: number;
  timeoutMs: number;
  signal?: AbortSignal;
  clock?: Clock;
  /** Called when the status changes (including a status this code does not know). */
  onStatus?: (status: string, execution: JobExecution) => void;
  /** Longest delay between checks on long runs; default 30 s (≤ 2 status calls a minute). */
  maxIntervalMs?: number;
  /** Warn once when the status has been `Unknown` this long; default UNKNOWN_WARN_AFTER_MS. */
  unknownWarnAfterMs?: number;
  /** Fail when the status has been `Unknown` this long; default UNKNOWN_LIMIT_MS. */
  unknownLimitMs?: number;
}

export class ExecutionStatusUnknownError extends Error {
  constructor(ref: ExecutionRef, ms: number) {
    super(
      `Execution ${ref.executionName} of job ${ref.jobName} has reported the status 'Unknown' for ${formatDuration(ms)}, the limit. ` +
        "A new execution reports 'Unknown' only for its first seconds; this long usually means its replica cannot be scheduled " +
        "or its image cannot be pulled. Check the execution's history in the portal and the environment's system logs (ContainerAppSystemLogs).",
    );
    this.name = 'ExecutionStatusUnknownError';
  }
}

/**
 * Polls an execution until its status is terminal: one status call per poll, frequent near the
 * start and backing off on long runs. `Unknown` (a new execution's first seconds) is waited on
 * quietly, warned about once past `unknownWarnAfterMs` in a row, and ends the wait with
 * ExecutionStatusUnknownError past `unknownLimitMs`. Statuses this code does not know are reported
 * and waited on, never taken as success. Throws DeadlineExceededError on timeout and the signal's
 * reason on cancellation.
 */
export async function waitForExecution(arm: RestClient, ref: ExecutionRef, options: WaitOptions): Promise<JobExecution> {
  const clock = options.clock ?? systemClock;
  const deadline = new Deadline(options.timeoutMs, `Execution ${ref.executionName}`, clock);
  const warnAfter = options.unknownWarnAfterMs ?? UNKNOWN_WARN_AFTER_MS;
  const limit = options.unknownLimitMs ?? UNKNOWN_LIMIT_MS;
  let last: string | undefined;
  let unknownSince: number | undefined;
  let warned = false;
  return pollUntil({
    signal: options.signal,
    clock,
    deadline,
    schedule: adaptiveSchedule(options.pollIntervalMs, { steadyForMs: 2 * 60_000, maxMs: options.maxIntervalMs ?? 30_000 }),
    check: async () => {
      const execution = await getExecution(arm, ref);
      const status = execution.properties?.status ?? 'Unknown';
      if (status !== last) {
        last = status;
        options.onStatus?.(status, execution);
      }
      if (classifyStatus(status) === 'pending') {
        unknownSince ??= clock.now();
        const lasted = clock.now() - unknownSince;
        if (lasted >= limit) throw new ExecutionStatusUnknownError(ref, lasted);
        if (lasted >= warnAfter && !warned) {
          warned = true;
          core.warning(
            `Execution ${ref.executionName} has reported the status 'Unknown' for ${formatDuration(lasted)}, longer than a starting execution usually does. ` +
              `Still waiting; the wait ends after ${formatDuration(limit)} of 'Unknown'.`,
          );
        }
      } else {
        unknownSince = undefined;
      }
      return isTerminalStatus(status) ? execution : undefined;
    },
  });
}
