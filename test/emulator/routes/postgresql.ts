import { randomUUID } from 'node:crypto';
import { azureError, json, type Reply, type Route, type RouteContext } from '../http-kit.ts';
import { locationSegment, POSTGRES_API_VERSION, postgresRecording, type EmulatedServer, type PostgresState } from '../postgres-state.ts';

/**
 * Azure Database for PostgreSQL flexible servers: GET server, PUT server (createMode
 * PointInTimeRestore), PUT/GET on-demand backups and their operations. Every answer is built from
 * the recordings in ../recordings/postgresql (azure-cli test_postgres_flexible_server_backups_mgmt
 * and test_postgres_flexible_server_restore_mgmt cassettes), whose files name their source.
 */
const PROVIDER = 'providers/Microsoft\\.DBforPostgreSQL';
const SERVER = new RegExp(`^/subscriptions/(?<sub>[^/]+)/resourceGroups/(?<rg>[^/]+)/${PROVIDER}/flexibleServers/(?<server>[^/]+)$`, 'i');
const BACKUP = new RegExp(`^/subscriptions/(?<sub>[^/]+)/resourceGroups/(?<rg>[^/]+)/${PROVIDER}/flexibleServers/(?<server>[^/]+)/backups/(?<backup>[^/]+)$`, 'i');
const OPERATION = new RegExp(`^/subscriptions/(?<sub>[^/]+)/${PROVIDER}/locations/(?<location>[^/]+)/azureAsyncOperation/(?<id>[^/]+)$`, 'i');
const OPERATION_RESULT = new RegExp(`^/subscriptions/(?<sub>[^/]+)/${PROVIDER}/locations/(?<location>[^/]+)/operationResults/(?<id>[^/]+)$`, 'i');
const SOURCE_ID = /^\/subscriptions\/(?<sub>[^/]+)\/resourceGroups\/(?<rg>[^/]+)\/providers\/Microsoft\.DBforPostgreSQL\/flexibleServers\/(?<server>[^/]+)$/i;

interface Operation {
  id: string;
  status: 'InProgress' | 'Succeeded' | 'Failed';
  startTime: string;
  doneAt: number;
  complete: () => Promise<Record<string, any>>;
  failWith?: { code: string; message: string };
  result?: Record<string, any>;
  /** Set while complete() runs, so concurrent polls wait for the same completion. */
  completing?: Promise<void>;
}

function checkApiVersion(url: URL): Reply | undefined {
  const version = url.searchParams.get('api-version');
  if (!version) return azureError(400, 'MissingApiVersionParameter', "The api-version query parameter (?api-version=) is required for all requests.");
  if (version !== POSTGRES_API_VERSION) return azureError(400, 'InvalidApiVersionParameter', `The emulator serves Microsoft.DBforPostgreSQL at api-version ${POSTGRES_API_VERSION}, not '${version}'.`);
  return undefined;
}

function notFound(kind: string, name: string, resourceGroup: string): Reply {
  const recorded = postgresRecording('server-not-found').response;
  const message = (recorded.body.error.message as string).replace('flexibleServers/{server}', `${kind}/${name}`).replace('{rg}', resourceGroup);
  return azureError(recorded.status, recorded.body.error.code, message);
}

export function postgresRoutes(state: PostgresState): Route[] {
  const operations = new Map<string, Operation>();

  /** The recorded 202: Azure-AsyncOperation and Location on the server's region, the recorded body. */
  const accepted = (recordingName: string, context: RouteContext, server: EmulatedServer, complete: Operation['complete'], delayMs: number, failWith?: Operation['failWith']): Reply => {
    const recorded = postgresRecording(recordingName).response;
    const operation: Operation = { id: randomUUID(), status: 'InProgress', startTime: new Date().toISOString(), doneAt: Date.now() + delayMs, complete, failWith };
    operations.set(operation.id, operation);
    const fill = (template: string) =>
      template
        .replace('{base}', context.base)
        .replace('{sub}', context.params.sub!)
        .replace('{location}', locationSegment(server.resource.location))
        .replace('{operation}', operation.id)
        .replace('{apiVersion}', POSTGRES_API_VERSION);
    return {
      status: recorded.status,
      headers: { 'azure-asyncoperation': fill(recorded.headers['azure-asyncoperation']), location: fill(recorded.headers.location) },
      body: { ...recorded.body, startTime: operation.startTime },
    };
  };

  /** Advances an operation whose time has come; completion (which may snapshot a database) runs once. */
  const advance = async (operation: Operation): Promise<void> => {
    if (operation.status !== 'InProgress' || Date.now() < operation.doneAt) return;
    operation.completing ??= (async () => {
      if (operation.failWith) {
        operation.status = 'Failed';
        return;
      }
      operation.result = await operation.complete();
      operation.status = 'Succeeded';
    })();
    await operation.completing;
  };

  const find = ({ params }: RouteContext) => state.server(params.sub!, params.rg!, params.server!);

  return [
    {
      id: 'postgres.server.get',
      method: 'GET',
      path: SERVER,
      auth: 'arm',
      handler: (context) => {
        const bad = checkApiVersion(context.url);
        if (bad) return bad;
        const server = find(context);
        return server ? json(200, server.resource) : notFound('flexibleServers', context.params.server!, context.params.rg!);
      },
    },
    {
      id: 'postgres.server.put',
      method: 'PUT',
      path: SERVER,
      auth: 'arm',
      handler: (context) => {
        const bad = checkApiVersion(context.url);
        if (bad) return bad;
        const body = context.json as { location?: string; properties?: { createMode?: string; sourceServerResourceId?: string; pointInTimeUTC?: string } } | undefined;
        const properties = body?.properties;
        if (!body?.location || properties?.createMode !== 'PointInTimeRestore') {
          return azureError(400, 'InvalidParameterValue', 'The emulator creates servers only with createMode PointInTimeRestore and a location.');
        }
        if (find(context)) return azureError(409, 'ServerAlreadyExists', `Server '${context.params.server}' already exists.`);
        const sourceMatch = SOURCE_ID.exec(properties.sourceServerResourceId ?? '');
        const source = sourceMatch && state.server(sourceMatch.groups!.sub!, sourceMatch.groups!.rg!, sourceMatch.groups!.server!);
        if (!source) return azureError(400, 'InvalidParameterValue', `The source server '${properties.sourceServerResourceId}' was not found.`);
        const pointInTime = new Date(properties.pointInTimeUTC ?? '');
        const earliest = new Date(source.resource.properties.backup?.earliestRestoreDate ?? Number.NaN);
        if (Number.isNaN(pointInTime.getTime()) || Number.isNaN(earliest.getTime()) || pointInTime < earliest || pointInTime.getTime() > Date.now()) {
          return azureError(400, 'InvalidParameterValue', `The point in time '${properties.pointInTimeUTC}' is outside the restore window of server '${source.name}'.`);
        }
        const target = state.addServer({ subscriptionId: context.params.sub!, resourceGroup: context.params.rg!, name: context.params.server!, location: source.resource.location, state: 'Provisioning' });
        target.resource.properties.backup.earliestRestoreDate = new Date().toISOString();
        const failure = state.failNextRestore;
        state.failNextRestore = undefined;
        if (failure) setTimeout(() => (target.resource.properties.state = 'Disabled'), state.restoreDelayMs).unref();
        return accepted(
          'restore-create',
          context,
          source,
          async () => {
            await state.hooks?.restored(source, target, pointInTime);
            const ready = () => (target.resource.properties.state = 'Ready');
            if (state.readyAfterRestoreMs > 0) setTimeout(ready, state.readyAfterRestoreMs).unref();
            else ready();
            return target.resource;
          },
          state.restoreDelayMs,
          failure,
        );
      },
    },
    {
      id: 'postgres.backup.put',
      method: 'PUT',
      path: BACKUP,
      auth: 'arm',
      handler: (context) => {
        const bad = checkApiVersion(context.url);
        if (bad) return bad;
        const server = find(context);
        if (!server) return notFound('flexibleServers', context.params.server!, context.params.rg!);
        if (server.resource.properties.state !== 'Ready') {
          return azureError(409, 'ServerNotReady', `Server '${server.name}' is in state '${server.resource.properties.state}'; backups need a Ready server.`);
        }
        const name = context.params.backup!;
        const failure = state.failNextBackup;
        state.failNextBackup = undefined;
        return accepted(
          'backup-create',
          context,
          server,
          async () => {
            const completed = new Date();
            const backup = { name, resource: state.backupResource(server, name, completed) };
            server.backups.set(name.toLowerCase(), backup);
            await state.hooks?.backupTaken(server, name, completed);
            return backup.resource;
          },
          state.backupDelayMs,
          failure,
        );
      },
    },
    {
      id: 'postgres.backup.get',
      method: 'GET',
      path: BACKUP,
      auth: 'arm',
      handler: (context) => {
        const bad = checkApiVersion(context.url);
        if (bad) return bad;
        const server = find(context);
        const backup = server?.backups.get(context.params.backup!.toLowerCase());
        return backup ? json(200, backup.resource) : notFound('flexibleServers/backups', context.params.backup!, context.params.rg!);
      },
    },
    {
      id: 'postgres.operation',
      method: 'GET',
      path: OPERATION,
      auth: 'arm',
      handler: async ({ params }) => {
        const operation = operations.get(params.id!);
        if (!operation) return azureError(404, 'OperationNotFound', `Operation ${params.id} was not found.`);
        await advance(operation);
        const recorded = postgresRecording('operation-status').responses[operation.status];
        return json(recorded.status, {
          ...recorded.body,
          name: operation.id,
          startTime: operation.startTime,
          ...(operation.status === 'Failed' ? { error: operation.failWith ?? recorded.body.error } : {}),
        });
      },
    },
    {
      // No recording reads the Location URL (azure-cli's poller follows Azure-AsyncOperation and then
      // GETs the resource); this answers as the ARM async-operation contract describes it: 202 while
      // running, then the created resource.
      id: 'postgres.operationResult',
      method: 'GET',
      path: OPERATION_RESULT,
      auth: 'arm',
      handler: async ({ params, url }) => {
        const operation = operations.get(params.id!);
        if (!operation) return azureError(404, 'OperationNotFound', `Operation ${params.id} was not found.`);
        await advance(operation);
        if (operation.status === 'InProgress') return { status: 202, headers: { location: url.href } };
        if (operation.status === 'Failed') return azureError(400, operation.failWith!.code, operation.failWith!.message);
        return json(200, operation.result);
      },
    },
  ];
}
