import { waitForLongRunning, type RestClient } from '@te-actions/azure-auth';
import { Deadline } from '@te-actions/poll';
import { findServer, getServer } from './get-server.js';
import { describeOperationFailure } from './operation-failure.js';
import { checkRestoreTime } from './restore-time.js';
import { serverPath } from './server-path.js';
import { requireReady } from './server-state.js';
import { POSTGRES_API_VERSION, type FlexibleServer, type ServerRef } from './server-types.js';
import { waitForServerReady } from './wait-server-ready.js';

export class TargetExistsError extends Error {
  constructor(target: FlexibleServer) {
    super(
      `Target server '${target.name}' already exists (state ${target.properties.state ?? 'unknown'}); a point-in-time restore only creates a new server and never overwrites one. ` +
        'Choose a target-server name that is not in use.',
    );
    this.name = 'TargetExistsError';
  }
}

export interface RestoreRequest {
  source: ServerRef;
  targetServer: string;
  restoreTime: Date;
  timeoutMs: number;
  pollIntervalMs?: number;
  now?: () => Date;
}

export interface RestoreResult {
  source: FlexibleServer;
  target: FlexibleServer;
}

/**
 * Restores `source` as it was at `restoreTime` into a new server in the same resource group and
 * location. Every refusal (source missing or not Ready, target exists, time outside the source's
 * restore window) comes before the one write: PUT flexibleServers/{target} with createMode
 * PointInTimeRestore, which answers 202 with Azure-AsyncOperation (azure-cli
 * test_postgres_flexible_server_restore_mgmt.yaml). Then it waits until the target is Ready. It
 * never writes to the source.
 */
export async function restoreToNewServer(arm: RestClient, request: RestoreRequest): Promise<RestoreResult> {
  const now = request.now ?? (() => new Date());
  const deadline = new Deadline(request.timeoutMs, `Restoring ${request.source.serverName} into ${request.targetServer}`);
  const target: ServerRef = { ...request.source, serverName: request.targetServer };
  const source = await getServer(arm, request.source, 'source-server');
  requireReady(source, `the restore into '${request.targetServer}'`);
  const existing = await findServer(arm, target);
  if (existing) throw new TargetExistsError(existing);
  checkRestoreTime(source, request.restoreTime, now());

  const what = `Point-in-time restore of ${request.source.serverName} into ${request.targetServer}`;
  const initial = await arm.request({
    method: 'PUT',
    path: serverPath(target),
    query: { 'api-version': POSTGRES_API_VERSION },
    body: {
      location: source.location,
      properties: { createMode: 'PointInTimeRestore', sourceServerResourceId: source.id, pointInTimeUTC: request.restoreTime.toISOString() },
    },
    what: `Starting ${what}`,
    idempotent: false,
  });
  const stillRunning = `Server '${request.targetServer}' may still be being created in Azure; check it in the portal before retrying with another target-server.`;
  try {
    await waitForLongRunning(arm, initial, { what, timeoutMs: deadline.remaining(), pollIntervalMs: request.pollIntervalMs ?? 2000 });
    const ready = await waitForServerReady(arm, target, deadline, request.pollIntervalMs ?? 2000);
    return { source, target: ready };
  } catch (error) {
    throw describeOperationFailure(error, what, stillRunning);
  }
}
