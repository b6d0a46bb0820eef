import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { AcrState } from './acr-state.ts';
import { ContainerAppsState } from './container-apps-state.ts';
import { EmulatorCore } from './core.ts';
import type { Fault } from './faults.ts';
import { GitHubState } from './github-state.ts';
import { azureError, type Reply, type Route } from './http-kit.ts';
import { acrRoutes } from './routes/acr.ts';
import { containerAppsJobRoutes } from './routes/container-apps-jobs.ts';
import { ExecutionsState } from './executions-state.ts';
import { LogAnalyticsState } from './log-analytics-state.ts';
import { containerAppsExecutionRoutes } from './routes/container-apps-executions.ts';
import { logAnalyticsRoutes } from './routes/log-analytics.ts';
import { entraRoutes } from './routes/entra.ts';
import { githubOidcRoutes } from './routes/github-oidc.ts';
import { githubRoutes } from './routes/github.ts';
import { githubDeploymentRoutes } from './routes/github-deployments.ts';
import { GitHubDeploymentsState } from './github-deployments-state.ts';
import { PostgresState } from './postgres-state.ts';
import { postgresRoutes } from './routes/postgresql.ts';
import { SigningKeys } from './signing-keys.ts';
import { SystemLogsState } from './system-logs.ts';
import { loopbackCertificate } from './tls.ts';

export type { Fault } from './faults.ts';
export type { Route, Reply, RouteContext } from './http-kit.ts';

export interface Emulator {
  /** https://127.0.0.1:PORT */
  url: string;
  core: EmulatorCore;
  containerApps: ContainerAppsState;
  /** ACR registries and runs; attach Azurite (acr.attachAzurite) before building. */
  acr: AcrState;
  /** Job executions (scripted runs, live log streams). */
  executions: ExecutionsState;
  /** The Log Analytics workspace the managed environments send console logs to. */
  logAnalytics: LogAnalyticsState;
  /** System events of executions in that workspace, and replica container states. */
  systemLogs: SystemLogsState;
  /** GitHub environments (protection rules) and run approvals. */
  github: GitHubState;
  /** GitHub deployments and their statuses (the deploy history). */
  deployments: GitHubDeploymentsState;
  /** PostgreSQL flexible servers, backups and point-in-time restores. */
  postgres: PostgresState;
  /** PEM of the emulator's certificate (for NODE_EXTRA_CA_CERTS). */
  caFile: string;
  /** Adds route modules (later routes never shadow earlier ones). */
  addRoutes(routes: Route[]): void;
  inject(...faults: Fault[]): void;
  /** The environment a step needs to reach the emulator as if it were Azure and GitHub. */
  env(): Record<string, string>;
  stop(): Promise<void>;
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function send(res: ServerResponse, reply: Reply): void {
  // Every ARM answer names both IDs (Azure/azure-powershell src/App/App.Autorest/test/AzContainerAppJob.Recording.json).
  const requestId = crypto.randomUUID();
  const headers: Record<string, string> = { 'x-ms-request-id': requestId, 'x-ms-correlation-request-id': requestId, ...reply.headers };
  if (reply.stream) {
    res.writeHead(reply.status, headers);
    reply.stream(res);
    return;
  }
  let payload: string | Buffer | undefined;
  if (reply.raw !== undefined) payload = reply.raw;
  else if (reply.body !== undefined) {
    payload = JSON.stringify(reply.body);
    headers['content-type'] ??= 'application/json; charset=utf-8';
  }
  res.writeHead(reply.status, headers);
  res.end(payload);
}

/** Starts the local Azure + GitHub emulator on 127.0.0.1 over TLS, on a random port. */
export async function startEmulator(): Promise<Emulator> {
  const tls = await loopbackCertificate();
  const core = new EmulatorCore(await SigningKeys.create());
  const containerApps = new ContainerAppsState();
  const github = new GitHubState();
  const routes: Route[] = [...githubOidcRoutes(core), ...entraRoutes(core), ...containerAppsJobRoutes(core, containerApps), ...githubRoutes(github)];
  const logAnalytics = new LogAnalyticsState();
  const executions = new ExecutionsState(logAnalytics);
  const systemLogs = new SystemLogsState();
  executions.onEnded = (execution) => systemLogs.executionEnded(execution);
  executions.replicaContainerState = (execution, container) => systemLogs.containerState(execution, container);
  logAnalytics.moreTables.push((now) => systemLogs.tables(now));
  routes.push(...containerAppsExecutionRoutes(core, containerApps, executions), ...logAnalyticsRoutes(logAnalytics));
  const acr = new AcrState();
  routes.push(...acrRoutes(acr));
  const deployments = new GitHubDeploymentsState();
  const postgres = new PostgresState();
  routes.push(...githubDeploymentRoutes(deployments), ...postgresRoutes(postgres));
  const sockets = new Set<Socket>();

  const authorize = async (req: IncomingMessage): Promise<Reply | undefined> => {
    const header = req.headers.authorization ?? '';
    const token = /^Bearer (.+)$/.exec(header)?.[1];
    if (!token) return azureError(401, 'AuthenticationFailed', "Authentication failed. The 'Authorization' header is missing.", { 'www-authenticate': 'Bearer' });
    try {
      await core.keys.verify(token, { audience: core.base });
      return undefined;
    } catch (error) {
      if ((error as { code?: string }).code === 'ERR_JWT_EXPIRED') {
        core.stats.expiredAccessTokensSeen++;
        return azureError(401, 'ExpiredAuthenticationToken', 'The access token expiry UTC time is earlier than current UTC time.', { 'www-authenticate': 'Bearer error="invalid_token"' });
      }
      return azureError(401, 'InvalidAuthenticationToken', 'The access token is invalid.');
    }
  };

  const server: Server = createServer({ key: tls.key, cert: tls.cert }, async (req, res) => {
    const url = new URL(req.url ?? '/', core.base);
    const raw = await readBody(req);
    const path = decodeURI(url.pathname);
    let params: Record<string, string> = {};
    const route = routes.find((candidate) => {
      if (candidate.method !== req.method) return false;
      const match = candidate.path.exec(url.pathname);
      if (!match) return false;
      params = Object.fromEntries(Object.entries(match.groups ?? {}).map(([name, value]) => [name, decodeURIComponent(value)]));
      return true;
    });
    let json: unknown;
    const type = req.headers['content-type'] ?? '';
    if (type.includes('json') && raw.length) {
      try {
        json = JSON.parse(raw.toString('utf8'));
      } catch {
        json = undefined;
      }
    }
    const record = { routeId: route?.id ?? 'unmatched', method: req.method ?? '', path, query: url.search, body: json ?? (raw.length && !type.includes('octet') ? raw.toString('utf8') : undefined), at: Date.now() } as (typeof core.requests)[number];
    core.requests.push(record);
    try {
      const fault = core.faults.take(record.routeId);
      if (fault?.latencyMs) await new Promise((resolve) => setTimeout(resolve, fault.latencyMs));
      if (fault?.reset) {
        record.outcome = 'reset';
        req.socket.destroy();
        return;
      }
      let reply: Reply;
      if (fault?.status) {
        reply = { status: fault.status, headers: fault.retryAfter !== undefined ? { 'retry-after': String(fault.retryAfter) } : {}, body: fault.body ?? { error: { code: fault.status === 429 ? 'TooManyRequests' : 'InternalServerError', message: `Injected fault ${fault.status}.` } } };
      } else if (!route) {
        reply = azureError(404, 'NoRouteMatch', `The emulator has no route for ${req.method} ${url.pathname}.`);
      } else {
        reply = (route.auth === 'arm' ? await authorize(req) : undefined) ?? (await route.handler({ req, url, params, raw, json, form: new URLSearchParams(type.includes('form') ? raw.toString('utf8') : ''), base: core.base }));
      }
      record.outcome = reply.status;
      send(res, reply);
    } catch (error) {
      record.outcome = 500;
      send(res, azureError(500, 'EmulatorError', error instanceof Error ? error.message : String(error)));
    }
  });
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  core.base = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url: core.base,
    core,
    containerApps,
    acr,
    executions,
    logAnalytics,
    systemLogs,
    github,
    deployments,
    postgres,
    caFile: tls.caFile,
    addRoutes: (more) => routes.push(...more),
    inject: (...faults) => core.faults.inject(...faults),
    env: () => ({
      NODE_EXTRA_CA_CERTS: tls.caFile,
      // The step input `allow-custom-endpoints: true` (a workflow's `with:`), without which the
      // endpoint overrides below are refused: set here once for every test, fault case and the demo.
      'INPUT_ALLOW-CUSTOM-ENDPOINTS': 'true',
      AZURE_AUTHORITY_HOST: core.base,
      AZURE_RESOURCE_MANAGER_ENDPOINT: core.base,
      AZURE_LOG_ANALYTICS_ENDPOINT: core.base,
      GITHUB_API_URL: core.base,
      ACTIONS_ID_TOKEN_REQUEST_URL: `${core.base}/_github/idtoken?api-version=2.0`,
      ACTIONS_ID_TOKEN_REQUEST_TOKEN: core.identity.requestToken,
    }),
    stop: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
