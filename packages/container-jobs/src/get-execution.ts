import type { RestClient } from '@te-actions/azure-auth';
import { executionPath } from './execution-path.js';
import type { ExecutionRef, JobExecution } from './execution-types.js';
import { CONTAINER_APPS_API_VERSION } from './job-types.js';

export class ExecutionNotFoundError extends Error {
  constructor(ref: ExecutionRef) {
    super(
      `Execution '${ref.executionName}' of Container Apps job '${ref.jobName}' was not found in resource group '${ref.resourceGroup}'. ` +
        'Check execution-name (az containerapp job execution list shows recent ones) and job-name.',
    );
    this.name = 'ExecutionNotFoundError';
  }
}

export async function getExecution(arm: RestClient, ref: ExecutionRef): Promise<JobExecution> {
  const response = await arm.request<JobExecution>({
    method: 'GET',
    path: executionPath(ref),
    query: { 'api-version': CONTAINER_APPS_API_VERSION },
    what: `Reading execution ${ref.executionName}`,
    allow: [404],
  });
  if (response.status === 404) throw new ExecutionNotFoundError(ref);
  return response.body;
}
