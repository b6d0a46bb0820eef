import type { RestClient } from '@te-actions/azure-auth';
import { ACR_TASKS_API_VERSION, type RegistryRef, type SourceUploadDefinition } from './acr-types.js';
import { registryPath } from './registry-path.js';

/** Registries_GetBuildSourceUploadUrl: a SAS URL to PUT the context archive to, and its relative path. */
export async function getBuildSourceUploadUrl(arm: RestClient, ref: RegistryRef): Promise<SourceUploadDefinition> {
  const what = `Getting a source upload URL from registry ${ref.registryName}`;
  const response = await arm.request<Partial<SourceUploadDefinition>>({
    method: 'POST',
    path: `${registryPath(ref)}/listBuildSourceUploadUrl`,
    query: { 'api-version': ACR_TASKS_API_VERSION },
    what,
    idempotent: true,
  });
  const { uploadUrl, relativePath } = response.body ?? {};
  if (!uploadUrl || !relativePath) throw new Error(`${what}: the answer has no uploadUrl or relativePath.`);
  return { uploadUrl, relativePath };
}
