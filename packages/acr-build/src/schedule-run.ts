import { waitForLongRunning, type RestClient } from '@te-actions/azure-auth';
import { ACR_TASKS_API_VERSION, type DockerBuildRequest, type RegistryRef, type Run } from './acr-types.js';
import { registryPath } from './registry-path.js';

/**
 * Registries_ScheduleRun with a DockerBuildRequest. The service answers 200 with the queued Run, or
 * 202 for a long-running operation whose result is the Run.
 */
export async function scheduleRun(arm: RestClient, ref: RegistryRef, request: DockerBuildRequest): Promise<Run & { properties: { runId: string } }> {
  const what = `Scheduling a build on registry ${ref.registryName}`;
  const initial = await arm.request<Run>({
    method: 'POST',
    path: `${registryPath(ref)}/scheduleRun`,
    query: { 'api-version': ACR_TASKS_API_VERSION },
    body: request,
    what,
  });
  const final = await waitForLongRunning(arm, initial, { what, timeoutMs: 5 * 60_000, pollIntervalMs: 1000 });
  const runId = final.body?.properties?.runId;
  if (!runId) throw new Error(`${what}: the service accepted the request but returned no run ID.`);
  return final.body as Run & { properties: { runId: string } };
}
