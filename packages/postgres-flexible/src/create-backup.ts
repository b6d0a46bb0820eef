import { waitForLongRunning, type RestClient } from '@te-actions/azure-auth';
import { describeOperationFailure } from './operation-failure.js';
import { backupPath } from './server-path.js';
import { POSTGRES_API_VERSION, type ServerBackup, type ServerRef } from './server-types.js';

export interface BackupOptions {
  timeoutMs: number;
  /** Poll interval when Azure gives no Retry-After (it gave none in the recorded traffic); backs off on long waits. */
  pollIntervalMs?: number;
}

/**
 * Takes an on-demand backup and waits for it: PUT …/backups/{name} with no body answers 202 with
 * Azure-AsyncOperation and Location (azure-cli test_postgres_flexible_server_backups_mgmt.yaml);
 * once the operation Succeeded, the backup is read back for its completedTime. The PUT is sent as a
 * start: retried only on answers that say it was not processed, never after a lost connection.
 */
export async function createOnDemandBackup(arm: RestClient, ref: ServerRef, backupName: string, options: BackupOptions): Promise<ServerBackup> {
  const what = `On-demand backup '${backupName}' of server ${ref.serverName}`;
  const path = backupPath(ref, backupName);
  const initial = await arm.request({ method: 'PUT', path, query: { 'api-version': POSTGRES_API_VERSION }, what: `Starting ${what}`, idempotent: false });
  try {
    await waitForLongRunning(arm, initial, { what, timeoutMs: options.timeoutMs, pollIntervalMs: options.pollIntervalMs ?? 2000 });
  } catch (error) {
    throw describeOperationFailure(error, what, 'The backup may still complete in Azure; raise timeout-minutes or use mode: timestamp.');
  }
  const backup = await arm.request<ServerBackup>({ method: 'GET', path, query: { 'api-version': POSTGRES_API_VERSION }, what: `Reading ${what}` });
  return backup.body;
}
