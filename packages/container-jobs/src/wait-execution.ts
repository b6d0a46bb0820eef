import type { RestClient } from '@te-actions/azure-auth';
import { adaptiveSchedule, Deadline, pollUntil, systemClock, type Clock } from '@te-actions/poll';
import { isTerminalStatus } from './execution-status.js';
import type { ExecutionRef, JobExecution } from './execution-types.js';
import { getExecution } from './get-execution.js';

export interface WaitOptions {
  pollIntervalMs: number;
  timeoutMs: number;
  signal?: AbortSignal;
  clock?: Clock;
  /** Called when the status changes (including a status this code does not know). */
  onStatus?: (status: string, execution: JobExecution) => void;
  /** Longest delay between checks on long runs; default 30 s (≤ 2 status calls a minute). */
  maxIntervalMs?: number;
}

/**
 * Polls an execution until its status is terminal: one status call per poll, frequent near the
 * start and backing off on long runs. Unknown statuses are reported and waited on, never taken
 * as success. Throws DeadlineExceededError on timeout and the signal's reason on cancellation.
 */
export async function waitForExecution(arm: RestClient, ref: ExecutionRef, options: WaitOptions): Promise<JobExecution> {
  const clock = options.clock ?? systemClock;
  const deadline = new Deadline(options.timeoutMs, `Execution ${ref.executionName}`, clock);
  let last: string | undefined;
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
      return isTerminalStatus(status) ? execution : undefined;
    },
  });
}

