import type { RestClient } from '@te-actions/azure-auth';
import { CONTAINER_APPS_API_VERSION, type Job } from './job-types.js';

interface ManagedEnvironment {
  id: string;
  name: string;
  properties?: { appLogsConfiguration?: { destination?: string | null; logAnalyticsConfiguration?: { customerId?: string } | null } | null };
}

/**
 * The Log Analytics workspace (customer) ID the job's managed environment sends console logs to,
 * or undefined when the environment uses another destination (Azure Monitor diagnostic settings
 * without a workspace in appLogsConfiguration, or none).
 */
export async function findLogAnalyticsWorkspace(arm: RestClient, job: Job): Promise<string | undefined> {
  const environmentId = job.properties.environmentId;
  if (!environmentId || !/^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.App\/managedEnvironments\/[^/]+$/i.test(environmentId)) return undefined;
  const response = await arm.request<ManagedEnvironment>({
    method: 'GET',
    path: environmentId.split('/').map((segment) => encodeURIComponent(segment)).join('/'),
    query: { 'api-version': CONTAINER_APPS_API_VERSION },
    what: `Reading the managed environment of job ${job.name}`,
  });
  return response.body?.properties?.appLogsConfiguration?.logAnalyticsConfiguration?.customerId || undefined;
}
