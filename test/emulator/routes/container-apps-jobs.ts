import type { EmulatorCore } from '../core.ts';
import type { ContainerAppsState, EmulatedJob } from '../container-apps-state.ts';
import { CONTAINER_APPS_API_VERSION } from '../container-apps-state.ts';
import { azureError, json, type Reply, type Route, type RouteContext } from '../http-kit.ts';

const JOB = /^\/subscriptions\/(?<sub>[^/]+)\/resourceGroups\/(?<rg>[^/]+)\/providers\/Microsoft\.App\/jobs\/(?<job>[^/]+)$/i;
const OPERATION_RESULT = /^\/subscriptions\/(?<sub>[^/]+)\/providers\/Microsoft\.App\/locations\/(?<location>[^/]+)\/containerappsjobOperationResults\/(?<id>[^/]+)$/i;
const OPERATION_STATUS = /^\/subscriptions\/(?<sub>[^/]+)\/providers\/Microsoft\.App\/locations\/(?<location>[^/]+)\/containerappsjobOperationStatuses\/(?<id>[^/]+)$/i;

export function checkApiVersion(url: URL, accepted: string = CONTAINER_APPS_API_VERSION): Reply | undefined {
  const version = url.searchParams.get('api-version');
  if (!version) return azureError(400, 'MissingApiVersionParameter', "The api-version query parameter (?api-version=) is required for all requests.");
  if (version !== accepted) {
    return azureError(400, 'InvalidResourceType', `The emulator serves this Microsoft.App operation at api-version ${accepted}, not '${version}'.`);
  }
  return undefined;
}

export function jobNotFound(params: Record<string, string>): Reply {
  return azureError(404, 'ResourceNotFound', `The Resource 'Microsoft.App/jobs/${params.job}' under resource group '${params.rg}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix`);
}

/**
 * Jobs GET/PATCH and the PATCH's long-running operation, as azure-powershell
 * src/App/App.Autorest/test/AzContainerAppJob.Recording.json records them ("UpdateExpanded"):
 * - PATCH → 202, `Content-Length: 0`, `Location: …/locations/eastus/containerappsjobOperationResults/{id}?api-version=…&t=…&c=…&s=…&h=…`,
 *   `Retry-After: 5`, no Azure-AsyncOperation;
 * - GET Location while running → 202, empty body, `Retry-After: 5` and a *new* Location (same
 *   operation id, new `t` and signature); the recording polls that new one;
 * - GET Location at the end → 200 with the job (systemData times without a zone).
 * A failed operation has no recording: the Location answers the failure as an ARM error (4xx with
 * `{error: {code, message}}`), which is how azure-cli's containerapp `_clients.py` `poll_results`
 * ends on anything but 202. The job create (PUT → 201 + Azure-AsyncOperation on
 * containerappsjobOperationStatuses) is the shape the opt-in 'async-operation' fault case uses.
 */
export function containerAppsJobRoutes(core: EmulatorCore, state: ContainerAppsState): Route[] {
  const findJob = ({ params }: RouteContext) => state.job(params.sub!, params.rg!, params.job!);
  /** Which job each operation updates, and the `t` of the newest Location handed out. */
  const operations = new Map<string, { job: EmulatedJob; t: number }>();
  const resultLocation = (context: RouteContext, id: string, t: number) =>
    `${context.base}/subscriptions/${context.params.sub}/providers/Microsoft.App/locations/eastus/containerappsjobOperationResults/${id}?api-version=${CONTAINER_APPS_API_VERSION}&t=${t}&c=emulated-certificate&s=emulated-signature-${t}&h=emulated-hash-${t}`;
  const retryAfter = () => String(state.updateRetryAfterSeconds);
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
        operations.set(operation.id, { job, t: 1 });
        if (state.patchShape === 'async-operation') {
          const status = `${context.base}/subscriptions/${context.params.sub}/providers/Microsoft.App/locations/eastus/containerappsjobOperationStatuses/${operation.id}?api-version=${CONTAINER_APPS_API_VERSION}&azureAsyncOperation=true`;
          return { status: 202, headers: { 'azure-asyncoperation': status, 'retry-after': retryAfter() } };
        }
        return { status: 202, headers: { location: resultLocation(context, operation.id, 1), 'retry-after': retryAfter(), 'content-length': '0' } };
      },
    },
    {
      id: 'jobs.operation',
      method: 'GET',
      path: OPERATION_RESULT,
      auth: 'arm',
      handler: (context) => {
        const { params } = context;
        const operation = core.operation(params.id!);
        const tracked = operations.get(params.id!);
        if (!operation || !tracked) return azureError(404, 'OperationNotFound', `Operation ${params.id} was not found.`);
        if (operation.status === 'InProgress') {
          tracked.t++;
          return { status: 202, headers: { location: resultLocation(context, operation.id, tracked.t), 'retry-after': retryAfter(), 'content-length': '0' } };
        }
        if (operation.status === 'Failed') return azureError(400, operation.failWith?.code ?? 'OperationFailed', operation.failWith?.message ?? 'The operation failed.');
        return json(200, tracked.job.resource);
      },
    },
    {
      id: 'jobs.operation.status',
      method: 'GET',
      path: OPERATION_STATUS,
      auth: 'arm',
      handler: ({ params }) => {
        const operation = core.operation(params.id!);
        if (!operation) return azureError(404, 'OperationNotFound', `Operation ${params.id} was not found.`);
        return json(
          200,
          {
            id: `/subscriptions/${params.sub}/providers/Microsoft.App/locations/${params.location}/containerappsjobOperationStatuses/${operation.id}`,
            name: operation.id,
            status: operation.status,
            startTime: operation.startTime,
            ...(operation.endTime ? { endTime: operation.endTime } : {}),
            ...(operation.status === 'Failed' && operation.failWith ? { error: operation.failWith } : {}),
          },
          operation.status === 'InProgress' ? { 'retry-after': retryAfter() } : {},
        );
      },
    },
  ];
}
