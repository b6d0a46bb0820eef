import { waitForLongRunning, type RestClient } from '@te-actions/azure-auth';
import { executionPath } from './execution-path.js';
import type { ExecutionRef } from './execution-types.js';
import { CONTAINER_APPS_API_VERSION } from './job-types.js';

/**
 * Stops an execution. With `waitMs` 0 it returns once the service accepted the stop (202); otherwise
 * it also follows the operation to its end. An execution that is already gone is not an error.
 */
export async function stopExecution(arm: RestClient, ref: ExecutionRef, waitMs = 0): Promise<'stopping' | 'stopped' | 'not-found'> {
  const what = `Stopping execution ${ref.executionName}`;
  const initial = await arm.request({
    method: 'POST',
    path: `${executionPath(ref)}/stop`,
    query: { 'api-version': CONTAINER_APPS_API_VERSION },
    what,
    idempotent: true,
    allow: [404],
  });
  if (initial.status === 404) return 'not-found';
  if (waitMs <= 0) return initial.status === 202 ? 'stopping' : 'stopped';
  await waitForLongRunning(arm, initial, { what, timeoutMs: waitMs, pollIntervalMs: 1000 });
  return 'stopped';
}
