import type { EmulatorCore } from '../core.ts';
import type { ContainerAppsState } from '../container-apps-state.ts';
import { CONTAINER_APPS_API_VERSION, LOG_STREAM_API_VERSION } from '../container-apps-state.ts';
import type { ExecutionsState } from '../executions-state.ts';
import { azureError, json, type Reply, type Route, type RouteContext } from '../http-kit.ts';
import { checkApiVersion, jobNotFound } from './container-apps-jobs.ts';

const PREFIX = '^\\/subscriptions\\/(?<sub>[^/]+)\\/resourceGroups\\/(?<rg>[^/]+)\\/providers\\/Microsoft\\.App';
const JOB = `${PREFIX}\\/jobs\\/(?<job>[^/]+)`;
const EXECUTION = `${JOB}\\/executions\\/(?<execution>[^/]+)`;
const START_RESULT = /^\/subscriptions\/(?<sub>[^/]+)\/providers\/Microsoft\.App\/locations\/(?<location>[^/]+)\/containerappsjobExecutionOperationResults\/(?<id>[^/]+)$/i;
const STREAM = /^\/_logstream\/(?<sub>[^/]+)\/(?<rg>[^/]+)\/(?<job>[^/]+)\/executions\/(?<execution>[^/]+)\/replicas\/(?<replica>[^/]+)\/containers\/(?<container>[^/]+)$/i;

/**
 * Job executions, answered as real clients see them:
 * - start: 200 with `{id, name}` at once. azure-cli's containerapp `_clients.py` `start_job` (code
 *   of a real client) returns the first answer's JSON as the started execution and never polls;
 *   the 202 + Location shape survives only as the opt-in `startShape: 'accepted'` case.
 * - stop: `POST jobs/{job}/stop/{execution}` (azure-cli `_clients.py` `stop_job`; the request
 *   logged in Azure/azure-cli issue 29849) answers 200 at once; the execution reads `Stopped`
 *   only seconds later and has no endTime.
 * - get/list: `startTime` as `…+00:00` without a fraction (the execution shown in Azure/azure-cli
 *   pull request 30941); status `Unknown` for a new execution's first seconds.
 * - replicas and getAuthToken at api-version 2023-11-02-preview, the one their only real client
 *   sends (azure-cli-extensions src/containerapp/azext_containerapp/_clients.py). No recording of
 *   their answers exists; the shapes follow that client's use of them (value[].properties.containers[].logStreamEndpoint,
 *   properties.token / properties.expires).
 * - the log stream itself, and managed environment GET with its Log Analytics workspace
 *   (azure-powershell src/App/App.Autorest/test/AzContainerAppJob.Recording.json).
 */
export function containerAppsExecutionRoutes(core: EmulatorCore, apps: ContainerAppsState, state: ExecutionsState): Route[] {
  const results = new Map<string, { body?: unknown }>();
  const lookup = (context: RouteContext, apiVersion = CONTAINER_APPS_API_VERSION): Reply | { job: NonNullable<ReturnType<ContainerAppsState['job']>> } => {
    const bad = checkApiVersion(context.url, apiVersion);
    if (bad) return bad;
    const job = apps.job(context.params.sub!, context.params.rg!, context.params.job!);
    return job ? { job } : jobNotFound(context.params);
  };
  const executionNotFound = (name: string) => azureError(404, 'ResourceNotFound', `The Resource 'Microsoft.App/jobs/executions/${name}' was not found.`);
  /** The job and execution a route addresses, or the error ARM would answer. */
  const lookupExecution = (context: RouteContext) => {
    const found = lookup(context);
    if ('status' in found) return found;
    const execution = state.find(found.job, context.params.execution!);
    return execution ? { job: found.job, execution } : executionNotFound(context.params.execution!);
  };
  /** The same, for the replica list, which is served at the log stream api-version. */
  const lookupLogStreamExecution = (context: RouteContext) => {
    const found = lookup(context, LOG_STREAM_API_VERSION);
    if ('status' in found) return found;
    const execution = state.find(found.job, context.params.execution!);
    return execution ? { job: found.job, execution } : executionNotFound(context.params.execution!);
  };
  const operationLocation = (context: RouteContext, id: string) =>
    `${context.base}/subscriptions/${context.params.sub}/providers/Microsoft.App/locations/eastus/containerappsjobExecutionOperationResults/${id}?api-version=${CONTAINER_APPS_API_VERSION}`;

  return [
    {
      id: 'jobs.start',
      method: 'POST',
      path: new RegExp(`${JOB}\\/start$`, 'i'),
      auth: 'arm',
      handler: (context) => {
        const found = lookup(context);
        if ('status' in found) return found;
        const body = (context.json ?? {}) as Record<string, any>;
        const template = body.containers ? { containers: body.containers, ...(body.initContainers ? { initContainers: body.initContainers } : {}) } : structuredClone(found.job.resource.properties.template);
        for (const container of template.containers ?? []) {
          if (!container.image || !container.name) return azureError(400, 'JobExecutionTemplateInvalid', 'Each container of the execution template needs a name and an image.');
        }
        const execution = state.start(found.job, template);
        const started = { id: `${found.job.resource.id}/executions/${execution.name}`, name: execution.name };
        if (state.startShape === 'immediate') return json(200, started);
        const result: { body?: unknown } = {};
        const operation = core.startOperation(state.startDelayMs, () => (result.body = started));
        results.set(operation.id, result);
        return { status: 202, headers: { location: operationLocation(context, operation.id), 'retry-after': '1' } };
      },
    },
    {
      id: 'jobs.start.result',
      method: 'GET',
      path: START_RESULT,
      auth: 'arm',
      handler: ({ params }) => {
        const result = results.get(params.id!);
        if (!result) return azureError(404, 'OperationNotFound', `Operation ${params.id} was not found.`);
        core.operation(params.id!);
        return result.body ? json(200, result.body) : { status: 202, headers: { 'retry-after': '1' } };
      },
    },
    {
      id: 'executions.list',
      method: 'GET',
      path: new RegExp(`${JOB}\\/executions$`, 'i'),
      auth: 'arm',
      handler: (context) => {
        const found = lookup(context);
        if ('status' in found) return found;
        const value = [...state.executions.values()].filter((execution) => execution.job === found.job).map((execution) => state.resource(execution));
        return json(200, { value, nextLink: null });
      },
    },
    {
      id: 'executions.get',
      method: 'GET',
      path: new RegExp(`${EXECUTION}$`, 'i'),
      auth: 'arm',
      handler: (context) => {
        const found = lookupExecution(context);
        return 'status' in found ? found : json(200, state.resource(found.execution));
      },
    },
    {
      id: 'executions.stop',
      method: 'POST',
      path: new RegExp(`${JOB}\\/stop\\/(?<execution>[^/]+)$`, 'i'),
      auth: 'arm',
      handler: (context) => {
        const found = lookupExecution(context);
        if ('status' in found) return found;
        state.stop(found.execution);
        return state.stopAnswer === 'empty' ? { status: 200, headers: { 'content-length': '0' } } : json(200, `Job execution '${found.execution.name}' is being stopped.`);
      },
    },
    {
      id: 'executions.replicas',
      method: 'GET',
      path: new RegExp(`${EXECUTION}\\/replicas$`, 'i'),
      auth: 'arm',
      handler: (context) => {
        const found = lookupLogStreamExecution(context);
        if ('status' in found) return found;
        const { execution } = found;
        // No replica before the execution leaves Unknown, nor after it has gone.
        if (execution.status === 'Unknown' || !state.replicaExists(execution)) return json(200, { value: [] });
        const { sub, rg, job } = context.params;
        const containers = execution.containerNames.map((name) => ({
          name,
          containerId: `containerd://${execution.replicaName}-${name}`,
          ready: execution.endedAt === undefined,
          runningState: execution.endedAt !== undefined ? 'Terminated' : 'Running',
          ...state.replicaContainerState?.(execution, name),
          ...(state.liveStream
            ? { logStreamEndpoint: `${context.base}/_logstream/${sub}/${rg}/${job}/executions/${execution.name}/replicas/${execution.replicaName}/containers/${encodeURIComponent(name)}` }
            : {}),
        }));
        return json(200, {
          value: [
            {
              id: `${found.job.resource.id}/executions/${execution.name}/replicas/${execution.replicaName}`,
              name: execution.replicaName,
              type: 'Microsoft.App/jobs/executions/replicas',
              properties: { createdTime: execution.startTime, runningState: execution.endedAt !== undefined ? 'NotRunning' : 'Running', containers },
            },
          ],
        });
      },
    },
    {
      id: 'jobs.getAuthToken',
      method: 'POST',
      path: new RegExp(`${JOB}\\/getAuthToken$`, 'i'),
      auth: 'arm',
      handler: (context) => {
        const found = lookup(context, LOG_STREAM_API_VERSION);
        if ('status' in found) return found;
        const { token, expires } = state.issueToken();
        return json(200, { id: `${found.job.resource.id}/getAuthToken`, name: found.job.name, location: found.job.resource.location, properties: { token, expires } });
      },
    },
    {
      id: 'executions.logstream',
      method: 'GET',
      path: STREAM,
      auth: 'custom',
      handler: ({ req, url, params }) => {
        const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
        if (!state.tokenValid(token)) return { status: 401, raw: 'Unauthorized: the log stream token is missing, invalid or expired.' };
        const job = apps.job(params.sub!, params.rg!, params.job!);
        const execution = job && state.find(job, params.execution!);
        if (!execution || execution.replicaName !== params.replica || !execution.containerNames.includes(params.container!) || !state.replicaExists(execution)) {
          return { status: 404, raw: 'Replica or container not found.' };
        }
        const tail = Number(url.searchParams.get('tailLines') ?? '20');
        const follow = url.searchParams.get('follow') === 'true';
        return { status: 200, headers: { 'content-type': 'text/plain; charset=utf-8' }, stream: (res) => state.attach(execution, res, Number.isFinite(tail) ? tail : 20, follow) };
      },
    },
    {
      id: 'environments.get',
      method: 'GET',
      path: new RegExp(`${PREFIX}\\/managedEnvironments\\/(?<environment>[^/]+)$`, 'i'),
      auth: 'arm',
      handler: (context) => {
        const bad = checkApiVersion(context.url);
        if (bad) return bad;
        const { sub, rg, environment } = context.params;
        return json(200, {
          id: `/subscriptions/${sub}/resourceGroups/${rg}/providers/Microsoft.App/managedEnvironments/${environment}`,
          name: environment,
          type: 'Microsoft.App/managedEnvironments',
          location: 'East US',
          tags: {},
          properties: {
            provisioningState: 'Succeeded',
            defaultDomain: `${environment}.eastus.azurecontainerapps.io`,
            staticIp: '20.42.33.145',
            zoneRedundant: false,
            appLogsConfiguration: state.workspaceId ? { destination: 'log-analytics', logAnalyticsConfiguration: { customerId: state.workspaceId } } : { destination: null },
          },
        });
      },
    },
  ];
}
