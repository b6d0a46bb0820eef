import type { RestClient } from '@te-actions/azure-auth';
import { ACR_TASKS_API_VERSION, type RegistryRef } from './acr-types.js';
import { runPath } from './registry-path.js';

/**
 * Runs_Cancel. Returns once the service accepted the cancellation (200 or 202); a run that is
 * already gone (404) or already finished (409) is not an error.
 */
export async function cancelRun(arm: RestClient, ref: RegistryRef, runId: string): Promise<'cancelled' | 'not-found' | 'already-finished'> {
  const response = await arm.request({
    method: 'POST',
    path: `${runPath(ref, runId)}/cancel`,
    query: { 'api-version': ACR_TASKS_API_VERSION },
    what: `Cancelling run ${runId}`,
    idempotent: true,
    allow: [404, 409],
  });
  if (response.status === 404) return 'not-found';
  if (response.status === 409) return 'already-finished';
  return 'cancelled';
}
