import type { RestClient } from '@te-actions/azure-auth';
import { ACR_TASKS_API_VERSION, type RegistryRef, type Run } from './acr-types.js';
import { runPath } from './registry-path.js';

/** Runs_Get. */
export async function getRun(arm: RestClient, ref: RegistryRef, runId: string): Promise<Run> {
  const response = await arm.request<Run>({ method: 'GET', path: runPath(ref, runId), query: { 'api-version': ACR_TASKS_API_VERSION }, what: `Reading run ${runId}` });
  return response.body;
}
