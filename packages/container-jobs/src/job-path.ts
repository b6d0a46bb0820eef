import { resourcePath } from '@te-actions/azure-auth';
import type { JobRef } from './job-types.js';

export function jobPath(ref: JobRef): string {
  return resourcePath`/subscriptions/${ref.subscriptionId}/resourceGroups/${ref.resourceGroup}/providers/Microsoft.App/jobs/${ref.jobName}`;
}
