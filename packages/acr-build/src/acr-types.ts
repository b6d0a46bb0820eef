/** ACR Tasks REST API (Microsoft.ContainerRegistry runs), api-version 2019-06-01-preview: agentPoolName needs it. */
export const ACR_TASKS_API_VERSION = '2019-06-01-preview';

export interface RegistryRef {
  subscriptionId: string;
  resourceGroup: string;
  registryName: string;
}

export type RunStatus = 'Queued' | 'Started' | 'Running' | 'Succeeded' | 'Failed' | 'Canceled' | 'Error' | 'Timeout';

export interface BuildArgument {
  name: string;
  value: string;
  isSecret: boolean;
}

export interface PlatformProperties {
  os: 'Linux' | 'Windows';
  architecture?: string;
  variant?: string;
}

/** DockerBuildRequest (RunRequest with type DockerBuildRequest). */
export interface DockerBuildRequest {
  type: 'DockerBuildRequest';
  imageNames: string[];
  dockerFilePath: string;
  sourceLocation: string;
  arguments: BuildArgument[];
  platform: PlatformProperties;
  isPushEnabled: boolean;
  noCache: boolean;
  /** Seconds, 300-28800. */
  timeout: number;
  target?: string;
  agentPoolName?: string;
}

export interface OutputImage {
  registry?: string;
  repository?: string;
  tag?: string;
  digest?: string;
}

export interface Run {
  id?: string;
  name?: string;
  properties?: {
    runId?: string;
    status?: RunStatus | string;
    createTime?: string;
    startTime?: string;
    finishTime?: string;
    lastUpdatedTime?: string;
    outputImages?: OutputImage[];
    runErrorMessage?: string;
    provisioningState?: string;
  };
}

export interface SourceUploadDefinition {
  uploadUrl: string;
  relativePath: string;
}
