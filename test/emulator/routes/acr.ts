import http from 'node:http';
import { startBuild } from '../acr-build-engine.ts';
import { ACR_API_VERSION, type AcrState } from '../acr-state.ts';
import { azureError, json, type Reply, type Route, type RouteContext } from '../http-kit.ts';

const REGISTRY = '^/subscriptions/(?<sub>[^/]+)/resourceGroups/(?<rg>[^/]+)/providers/Microsoft\\.ContainerRegistry/registries/(?<registry>[^/]+)';
const at = (suffix: string) => new RegExp(`${REGISTRY}${suffix}$`, 'i');
const TERMINAL = new Set(['Succeeded', 'Failed', 'Canceled', 'Error', 'Timeout']);
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'host']);

function checkApiVersion(url: URL): Reply | undefined {
  const version = url.searchParams.get('api-version');
  if (!version) return azureError(400, 'MissingApiVersionParameter', 'The api-version query parameter (?api-version=) is required for all requests.');
  if (version !== ACR_API_VERSION) return azureError(400, 'InvalidApiVersionParameter', `The emulator serves ACR runs at api-version ${ACR_API_VERSION}, not '${version}'.`);
  return undefined;
}

/** Forwards a SAS request to Azurite unchanged (the SAS signs the path, not the host). */
function forwardToAzurite(state: AcrState, { req, url, raw }: RouteContext): Promise<Reply> {
  const azurite = state.azurite;
  if (!azurite) return Promise.resolve(azureError(503, 'ServiceUnavailable', 'No Azurite attached to the emulator.'));
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) if (!HOP_BY_HOP.has(name) && typeof value === 'string') headers[name] = value;
  headers['content-length'] = String(raw.length);
  return new Promise((done, fail) => {
    const forward = http.request({ host: '127.0.0.1', port: azurite.port, method: req.method, path: url.pathname.replace(/^\/_blob/, '') + url.search, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', fail);
      res.on('end', () => {
        const replyHeaders: Record<string, string> = {};
        for (const [name, value] of Object.entries(res.headers)) if (!HOP_BY_HOP.has(name) && value !== undefined) replyHeaders[name] = Array.isArray(value) ? value.join(', ') : value;
        done({ status: res.statusCode ?? 502, headers: replyHeaders, raw: Buffer.concat(chunks) });
      });
    });
    forward.on('error', fail);
    forward.end(raw);
  });
}

/**
 * ACR Tasks: listBuildSourceUploadUrl, scheduleRun (DockerBuildRequest), runs get / listLogSasUrl /
 * cancel, with blobs in Azurite; plus /_blob/... forwarding SAS requests to Azurite so faults can
 * be injected into uploads and log reads (route ids blob.put, blob.get, blob.head).
 */
export function acrRoutes(state: AcrState): Route[] {
  const registryOf = ({ params }: RouteContext) => state.registry(params.sub!, params.rg!, params.registry!);
  const notFound = ({ params }: RouteContext) =>
    azureError(404, 'ResourceNotFound', `The Resource 'Microsoft.ContainerRegistry/registries/${params.registry}' under resource group '${params.rg}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix`);
  const runOf = (context: RouteContext) => {
    const registry = registryOf(context);
    const run = state.runs.get(context.params.run!);
    return registry && run && run.registryKey === `${registry.subscriptionId}/${registry.resourceGroup}/${registry.name}`.toLowerCase() ? run : undefined;
  };
  const guarded = (handler: (context: RouteContext) => Reply | Promise<Reply>) => (context: RouteContext) => checkApiVersion(context.url) ?? (registryOf(context) ? handler(context) : notFound(context));
  const runNotFound = (context: RouteContext) => azureError(404, 'RunNotFound', `The run '${context.params.run}' was not found.`);

  return [
    {
      id: 'acr.uploadUrl',
      method: 'POST',
      path: at('/listBuildSourceUploadUrl'),
      auth: 'arm',
      handler: guarded((context) => json(200, state.newUpload(context.base))),
    },
    {
      id: 'acr.scheduleRun',
      method: 'POST',
      path: at('/scheduleRun'),
      auth: 'arm',
      handler: guarded((context) => {
        const body = context.json as Record<string, any> | undefined;
        const registry = registryOf(context)!;
        if (!body || typeof body !== 'object') return azureError(400, 'InvalidRequestContent', 'The request content was invalid and could not be deserialized.');
        if (body.type !== 'DockerBuildRequest') return azureError(400, 'InvalidRequestContent', `The emulator runs only DockerBuildRequest, not '${body.type}'.`);
        if (typeof body.dockerFilePath !== 'string' || !body.dockerFilePath) return azureError(400, 'InvalidParameter', "The property 'dockerFilePath' is required.");
        if (!body.platform?.os) return azureError(400, 'InvalidParameter', "The property 'platform.os' is required.");
        if (body.timeout !== undefined && (!Number.isInteger(body.timeout) || body.timeout < 300 || body.timeout > 28800)) return azureError(400, 'InvalidParameter', "The property 'timeout' must be between 300 and 28800.");
        if (!state.uploads.has(body.sourceLocation)) return azureError(400, 'InvalidSourceLocation', `The source location '${body.sourceLocation}' was not uploaded through listBuildSourceUploadUrl.`);
        if (body.agentPoolName && !registry.agentPools.includes(body.agentPoolName)) return azureError(404, 'AgentPoolNotFound', `The agent pool '${body.agentPoolName}' was not found.`);
        const run = state.newRun(registry, body);
        void startBuild(state, run);
        return json(200, { ...state.resource(run), type: 'Microsoft.ContainerRegistry/registries/run' });
      }),
    },
    {
      id: 'acr.runs.get',
      method: 'GET',
      path: at('/runs/(?<run>[^/]+)'),
      auth: 'arm',
      handler: guarded((context) => {
        const run = runOf(context);
        return run ? json(200, state.resource(run)) : runNotFound(context);
      }),
    },
    {
      id: 'acr.runs.logUrl',
      method: 'POST',
      path: at('/runs/(?<run>[^/]+)/listLogSasUrl'),
      auth: 'arm',
      handler: guarded((context) => {
        const run = runOf(context);
        if (!run) return runNotFound(context);
        // RunGetLogResult: logLink (Azure/azure-rest-api-specs RunsGetLogSasUrl.json), logArtifactLink
        // besides or instead of it (the swagger's model; Azure/azure-cli acr/_stream_utils.py prefers it).
        const body: Record<string, string> = {};
        if (state.logLinks !== 'artifact') body.logLink = state.sasUrl(context.base, 'logs', run.logBlob, 'r');
        if (state.logLinks !== 'logLink') body.logArtifactLink = state.artifactUrl(context.base, run);
        return json(200, body);
      }),
    },
    {
      // The artifact log link is pre-signed: the Azure CLI GETs it without credentials
      // (`_stream_artifact_logs` in Azure/azure-cli acr/_stream_utils.py). No recording of its answer
      // exists; it answers the log text once the run's log is complete, 404 before.
      id: 'acr.logArtifact',
      method: 'GET',
      path: /^\/_acrlog\/(?<run>[^/]+)\/rawtext\.log$/,
      auth: 'none',
      handler: async ({ params, url }) => {
        const runId = state.artifactLinks.get(url.searchParams.get('sig') ?? '');
        const run = runId === params.run ? state.runs.get(params.run!) : undefined;
        if (!run) return { status: 403, headers: { 'content-type': 'text/plain' }, raw: Buffer.from('Signature not valid for this log.') };
        if (!run.logComplete) return { status: 404, headers: { 'content-type': 'text/plain' }, raw: Buffer.from('The log is not available yet.') };
        const text = await state.blobs.getContainerClient('logs').getBlobClient(run.logBlob).downloadToBuffer();
        return { status: 200, headers: { 'content-type': 'text/plain; charset=utf-8' }, raw: text };
      },
    },
    {
      id: 'acr.runs.cancel',
      method: 'POST',
      path: at('/runs/(?<run>[^/]+)/cancel'),
      auth: 'arm',
      handler: guarded((context) => {
        const run = runOf(context);
        if (!run) return runNotFound(context);
        if (!TERMINAL.has(run.status) && run.cancelRequestedAt === undefined) {
          run.cancelRequestedAt = Date.now();
          run.cancel();
        }
        return { status: 200 };
      }),
    },
    { id: 'blob.put', method: 'PUT', path: /^\/_blob\//, auth: 'none', handler: (context) => forwardToAzurite(state, context) },
    { id: 'blob.get', method: 'GET', path: /^\/_blob\//, auth: 'none', handler: (context) => forwardToAzurite(state, context) },
    { id: 'blob.head', method: 'HEAD', path: /^\/_blob\//, auth: 'none', handler: (context) => forwardToAzurite(state, context) },
  ];
}
