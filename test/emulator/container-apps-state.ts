import { registerSecret } from '../runner/secret-guard.ts';
import { mergePatch } from './json-merge-patch.ts';

export const CONTAINER_APPS_API_VERSION = '2025-07-01';
/**
 * The replica list and the log stream token are not in the 2025-07-01 stable spec; their only real
 * client (azure-cli-extensions src/containerapp/azext_containerapp/_clients.py,
 * ContainerAppsJobPreviewClient.LOG_STREAM_API_VERSION) sends this api-version.
 */
export const LOG_STREAM_API_VERSION = '2023-11-02-preview';

/** systemData times as recorded: seven fraction digits and no zone (AzContainerAppJob.Recording.json). */
export function systemDataTime(ms = Date.now()): string {
  return `${new Date(ms).toISOString().slice(0, 23)}${String(Math.floor(Math.random() * 10_000)).padStart(4, '0')}`;
}

export interface JobSecret {
  name: string;
  value: string;
}

export interface EmulatedJob {
  subscriptionId: string;
  resourceGroup: string;
  name: string;
  /** The resource as ARM stores it; `configuration.secrets` values are never returned by GET. */
  resource: Record<string, any>;
  secrets: JobSecret[];
}

export interface NewJob {
  subscriptionId: string;
  resourceGroup: string;
  name: string;
  environmentName?: string;
  containers?: { name: string; image: string; args?: string[]; env?: { name: string; value?: string; secretRef?: string }[] }[];
  secrets?: JobSecret[];
}

/** Container Apps jobs and managed environments, keyed case-insensitively like ARM. */
export class ContainerAppsState {
  readonly jobs = new Map<string, EmulatedJob>();
  /** How long a PATCH stays InProgress. */
  updateDelayMs = 300;
  /** When set, the next PATCH operation ends Failed with this error. */
  failNextUpdate: { code: string; message: string } | undefined;
  /** Retry-After (seconds) on the PATCH's 202 and on each 202 poll: 5 as recorded. */
  updateRetryAfterSeconds = 5;
  /**
   * How a PATCH answers. 'location' is what Azure does (202, empty body, Location only, a new
   * Location on every 202 poll; azure-powershell src/App/App.Autorest/test/AzContainerAppJob.Recording.json).
   * 'async-operation' (202 + Azure-AsyncOperation, the shape of a job create) is an opt-in fault case.
   */
  patchShape: 'location' | 'async-operation' = 'location';

  static key(subscriptionId: string, resourceGroup: string, name: string): string {
    return `${subscriptionId}/${resourceGroup}/${name}`.toLowerCase();
  }

  addJob(spec: NewJob): EmulatedJob {
    const id = `/subscriptions/${spec.subscriptionId}/resourceGroups/${spec.resourceGroup}/providers/Microsoft.App/jobs/${spec.name}`;
    const environmentName = spec.environmentName ?? 'migrations-env';
    const secrets = spec.secrets ?? [{ name: 'db-connection', value: 'Server=tcp:sql.example;Password=emulated-secret-value' }];
    const resource = {
      id,
      name: spec.name,
      type: 'Microsoft.App/jobs',
      location: 'East US',
      systemData: { createdBy: 'deployer@contoso.example', createdByType: 'User', createdAt: systemDataTime(), lastModifiedBy: 'deployer@contoso.example', lastModifiedByType: 'User', lastModifiedAt: systemDataTime() },
      properties: {
        provisioningState: 'Succeeded',
        environmentId: `/subscriptions/${spec.subscriptionId}/resourceGroups/${spec.resourceGroup}/providers/Microsoft.App/managedEnvironments/${environmentName}`,
        configuration: {
          replicaTimeout: 1800,
          replicaRetryLimit: 0,
          manualTriggerConfig: { replicaCompletionCount: 1, parallelism: 1 },
          triggerType: 'Manual',
          secrets: secrets.map(({ name }) => ({ name })),
        },
        template: {
          containers: (spec.containers ?? [{ name: spec.name, image: 'contoso.azurecr.io/migrations:1.0.0' }]).map((container) => ({
            ...container,
            resources: { cpu: 0.5, memory: '1Gi' },
          })),
        },
      },
    };
    secrets.forEach((secret) => registerSecret(secret.value));
    const job: EmulatedJob = { subscriptionId: spec.subscriptionId, resourceGroup: spec.resourceGroup, name: spec.name, resource, secrets: structuredClone(secrets) };
    this.jobs.set(ContainerAppsState.key(spec.subscriptionId, spec.resourceGroup, spec.name), job);
    return job;
  }

  job(subscriptionId: string, resourceGroup: string, name: string): EmulatedJob | undefined {
    return this.jobs.get(ContainerAppsState.key(subscriptionId, resourceGroup, name));
  }

  /** Applies a PATCH body as JSON merge patch; secret values in the patch replace the stored ones. */
  applyPatch(job: EmulatedJob, patch: Record<string, any>): void {
    const secrets = patch?.properties?.configuration?.secrets as JobSecret[] | undefined;
    if (secrets) job.secrets = secrets.map((secret) => ({ ...secret }));
    const merged = mergePatch(job.resource, patch) as Record<string, any>;
    if (merged.properties?.configuration?.secrets) merged.properties.configuration.secrets = job.secrets.map(({ name }) => ({ name }));
    merged.id = job.resource.id;
    merged.name = job.resource.name;
    merged.systemData = { ...job.resource.systemData, lastModifiedAt: systemDataTime() };
    job.resource = merged;
  }
}
