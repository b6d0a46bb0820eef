import { resourcePath, type RestClient } from '@te-actions/azure-auth';
import { systemClock, type Clock } from '@te-actions/poll';
import { isTerminalStatus } from './execution-status.js';
import type { ExecutionRef } from './execution-types.js';
import { getExecution } from './get-execution.js';
import { jobPath } from './job-path.js';
import { CONTAINER_APPS_API_VERSION } from './job-types.js';

/** stopped: the execution reads a terminal status; stopping: the stop was accepted, not yet seen. */
export type StopOutcome = 'stopping' | 'stopped' | 'not-found';

export interface StopOptions {
  /** How long to wait for the execution to read a terminal status after the stop (0: do not wait). */
  confirmWithinMs?: number;
  /** Delay between status reads while confirming; default 1 s. */
  pollIntervalMs?: number;
  clock?: Clock;
}

/**
 * Stops an execution with `POST jobs/{job}/stop/{execution}`, the path every real client uses
 * (azure-cli src/azure-cli/azure/cli/command_modules/containerapp/_clients.py `stop_job`, and the
 * request logged in Azure/azure-cli issue 29849). The service answers 200 at once (with a JSON
 * string, or nothing: both are accepted) and the execution reads `Stopped` only seconds later,
 * without an `endTime`. So "stopped" is reported only once a status read shows a terminal status
 * within `confirmWithinMs`; otherwise the stop is "stopping". An execution that is gone is not an
 * error. Repeating a stop is harmless, so it is retried like any idempotent call.
 */
export async function stopExecution(arm: RestClient, ref: ExecutionRef, options: StopOptions = {}): Promise<StopOutcome> {
  const what = `Stopping execution ${ref.executionName}`;
  const answer = await arm.request({
    method: 'POST',
    path: jobPath(ref) + resourcePath`/stop/${ref.executionName}`,
    query: { 'api-version': CONTAINER_APPS_API_VERSION },
    what,
    idempotent: true,
    allow: [404],
  });
  if (answer.status === 404) return 'not-found';
  return confirmStopped(arm, ref, options);
}

/** Reads the execution until it shows a terminal status or the time is up; never throws. */
async function confirmStopped(arm: RestClient, ref: ExecutionRef, options: StopOptions): Promise<StopOutcome> {
  const clock = options.clock ?? systemClock;
  const within = options.confirmWithinMs ?? 0;
  const until = clock.now() + within;
  const interval = options.pollIntervalMs ?? 1000;
  while (within > 0 && clock.now() < until) {
    await clock.sleep(Math.min(interval, Math.max(1, until - clock.now())));
    try {
      const execution = await getExecution(arm, ref);
      if (isTerminalStatus(execution.properties?.status)) return 'stopped';
    } catch (error) {
      if ((error as Error).name === 'ExecutionNotFoundError') return 'not-found';
      // A failed read (or the client's own time limit) leaves the stop unconfirmed, not failed.
      if (arm.signal?.aborted) break;
    }
  }
  return 'stopping';
}
