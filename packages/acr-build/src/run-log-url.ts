import type { RestClient } from '@te-actions/azure-auth';
import { ACR_TASKS_API_VERSION, type RegistryRef } from './acr-types.js';
import { runPath } from './registry-path.js';

/** Where a run's log is read from. */
export interface RunLogLink {
  url: string;
  /**
   * `blob`: the append blob of `logLink`, tailed while the run writes it. `artifact`: the
   * `logArtifactLink` of a run whose log is kept as an artifact in the registry, read whole.
   */
  kind: 'blob' | 'artifact';
}

/**
 * Runs_GetLogSasUrl (RunGetLogResult: `logLink` and/or `logArtifactLink`). When the answer has a
 * `logArtifactLink` it is the one used, as the Azure CLI does (`stream_logs` in
 * Azure/azure-cli `acr/_stream_utils.py`); otherwise `logLink`.
 */
export async function getRunLogUrl(arm: RestClient, ref: RegistryRef, runId: string): Promise<RunLogLink> {
  const what = `Getting the log URL of run ${runId}`;
  const response = await arm.request<{ logLink?: unknown; logArtifactLink?: unknown }>({
    method: 'POST',
    path: `${runPath(ref, runId)}/listLogSasUrl`,
    query: { 'api-version': ACR_TASKS_API_VERSION },
    what,
    idempotent: true,
  });
  const artifact = response.body?.logArtifactLink;
  if (typeof artifact === 'string' && artifact) return { url: artifact, kind: 'artifact' };
  const link = response.body?.logLink;
  if (typeof link === 'string' && link) return { url: link, kind: 'blob' };
  throw new Error(`${what}: the answer has neither logLink nor logArtifactLink.`);
}
