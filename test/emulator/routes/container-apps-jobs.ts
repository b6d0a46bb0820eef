import type { EmulatorCore } from '../core.ts';
import type { ContainerAppsState } from '../container-apps-state.ts';
import { CONTAINER_APPS_API_VERSION } from '../container-apps-state.ts';
import { azureError, json, type Reply, type Route, type RouteContext } from '../http-kit.ts';

const JOB = /^\/subscriptions\/(?<sub>[^/]+)\/resourceGroups\/(?<rg>[^/]+)\/providers\/Microsoft\.App\/jobs\/(?<job>[^/]+)$/i;
const OPERATION = /^\/subscriptions\/(?<sub>[^/]+)\/providers\/Microsoft\.App\/locations\/(?<location>[^/]+)\/containerappsjobOperationResults\/(?<id>[^/]+)$/i;

export function checkApiVersion(url: URL): Reply | undefined {
  const version = url.searchParams.get('api-version');
  if (!version) return azureError(400, 'MissingApiVersionParameter', "The api-version query parameter (?api-version=) is required for all requests.");
  if (version !== CONTAINER_APPS_API_VERSION) {
    return azureError(400, 'InvalidResourceType', `The emulator serves Microsoft.App at api-version ${CONTAINER_APPS_API_VERSION}, not '${version}'.`);
  }
  return undefined;
}

export function jobNotFound(params: Record<string, string>): Reply {
  return azureError(404, 'ResourceNotFound', `The Resource 'Microsoft.App/jobs/${params.job}' under resource group '${params.rg}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix`);
}

/** Jobs GET/PATCH (PATCH is a long-running JSON merge patch) and their operation status. */
export function containerAppsJobRoutes(core: EmulatorCore, state: ContainerAppsState): Route[] {
  const findJob = ({ params }: RouteContext) => state.job(params.sub!, params.rg!, params.job!);
  return [
    {
      id: 'jobs.get',
      method: 'GET',
      path: JOB,
      auth: 'arm',
      handler: (context) => {
        const bad = checkApiVersion(context.url);
        if (bad) return bad;
        const job = findJob(context);
        return job ? json(200, job.resource) : jobNotFound(context.params);
      },
    },
    {
      id: 'jobs.patch',
      method: 'PATCH',
      path: JOB,
      auth: 'arm',
      handler: (context) => {
        const bad = checkApiVersion(context.url);
        if (bad) return bad;
        const job = findJob(context);
        if (!job) return jobNotFound(context.params);
        const patch = context.json;
        if (!patch || typeof patch !== 'object' || Array.isArray(patch)) return azureError(400, 'InvalidRequestContent', 'The request content was invalid and could not be deserialized.');
        job.resource.properties.provisioningState = 'InProgress';
        const failure = state.failNextUpdate;
        state.failNextUpdate = undefined;
        const operation = core.startOperation(
          state.updateDelayMs,
          () => {
            state.applyPatch(job, patch as Record<string, any>);
            job.resource.properties.provisioningState = 'Succeeded';
          },
          failure,
        );
        if (failure) setTimeout(() => (job.resource.properties.provisioningState = 'Failed'), state.updateDelayMs).unref();
        const location = `${context.base}/subscriptions/${context.params.sub}/providers/Microsoft.App/locations/eastus/containerappsjobOperationResults/${operation.id}?api-version=${CONTAINER_APPS_API_VERSION}`;
        return { status: 202, headers: { 'azure-asyncoperation': location, 'retry-after': '1' } };
      },
    },
    {
      id: 'jobs.operation',
      method: 'GET',
      path: OPERATION,
      auth: 'arm',
      handler: ({ params }) => {
        const operation = core.operation(params.id!);
        if (!operation) return azureError(404, 'OperationNotFound', `Operation ${params.id} was not found.`);
        return json(200, {
          id: `/subscriptions/${params.sub}/providers/Microsoft.App/locations/${params.location}/containerappsjobOperationResults/${operation.id}`,
          name: operation.id,
          status: operation.status,
          startTime: operation.startTime,
          ...(operation.endTime ? { endTime: operation.endTime } : {}),
          ...(operation.status === 'Failed' && operation.failWith ? { error: operation.failWith } : {}),
        });
      },
    },
  ];
}
