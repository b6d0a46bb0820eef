/** The parts of a Container Apps Job (Microsoft.App/jobs, api-version 2025-07-01) the actions use. */
export const CONTAINER_APPS_API_VERSION = '2025-07-01';

export interface EnvironmentVariable {
  name: string;
  value?: string;
  secretRef?: string;
}

export interface Container {
  name: string;
  image?: string;
  command?: string[];
  args?: string[];
  env?: EnvironmentVariable[];
  resources?: Record<string, unknown>;
  [more: string]: unknown;
}

export interface JobTemplate {
  containers?: Container[];
  initContainers?: Container[];
  volumes?: unknown[];
}

export interface Job {
  id: string;
  name: string;
  location?: string;
  properties: {
    provisioningState?: string;
    environmentId?: string;
    configuration?: Record<string, unknown>;
    template?: JobTemplate;
  };
}

export interface JobRef {
  subscriptionId: string;
  resourceGroup: string;
  jobName: string;
}
