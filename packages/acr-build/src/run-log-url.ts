import type { RestClient } from '@te-actions/azure-auth';
import { ACR_TASKS_API_VERSION, type RegistryRef } from './acr-types.js';
import { runPath } from './registry-path.js';

/** Runs_GetLogSasUrl: a read SAS URL of the run's log blob. */
export async function getRunLogUrl(arm: RestClient, ref: RegistryRef, runId: string): Promise<string> {
  const what = `Getting the log URL of run ${runId}`;
  const response = await arm.request<{ logLink?: string }>({
    method: 'POST',
    path: `${runPath(ref, runId)}/listLogSasUrl`,
    query: { 'api-version': ACR_TASKS_API_VERSION },
    what,
    idempotent: true,
  });
  const link = response.body?.logLink;
  if (!link) throw new Error(`${what}: the answer has no logLink.`);
  return link;
}
