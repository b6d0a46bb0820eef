import { AzureRequestError, type RestClient } from '@te-actions/azure-auth';
import { jobPath } from './job-path.js';
import { CONTAINER_APPS_API_VERSION, type Job, type JobRef } from './job-types.js';

export class JobNotFoundError extends Error {
  constructor(ref: JobRef) {
    super(
      `Container Apps job '${ref.jobName}' was not found in resource group '${ref.resourceGroup}' of subscription ${ref.subscriptionId}. ` +
        'Check job-name, resource-group and subscription-id, and that the signed-in identity can read the job (Reader or Contributor on it).',
    );
    this.name = 'JobNotFoundError';
  }
}

export async function getJob(arm: RestClient, ref: JobRef): Promise<Job> {
  const response = await arm.request<Job>({
    method: 'GET',
    path: jobPath(ref),
    query: { 'api-version': CONTAINER_APPS_API_VERSION },
    what: `Reading job ${ref.jobName}`,
    allow: [404],
  });
  if (response.status === 404) {
    const code = (response.body as { error?: { code?: string } } | undefined)?.error?.code;
    if (code === 'ResourceGroupNotFound' || code === 'ResourceNotFound' || !code) throw new JobNotFoundError(ref);
    throw new AzureRequestError(404, code, undefined, `Reading job ${ref.jobName}`);
  }
  return response.body;
}
