import type { RestClient } from '@te-actions/azure-auth';
import { createOnDemandBackup } from './create-backup.js';
import { getServer } from './get-server.js';
import { parseAzureTime } from './restore-time.js';
import { requireReady } from './server-state.js';
import type { FlexibleServer, ServerBackup, ServerRef } from './server-types.js';

export type RestorePointMode = 'backup' | 'timestamp';
export const RESTORE_POINT_MODES: readonly RestorePointMode[] = ['backup', 'timestamp'];

export interface RestorePointRequest {
  mode: RestorePointMode;
  backupName: string;
  timeoutMs: number;
  pollIntervalMs?: number;
  now?: () => Date;
}

export interface RestorePoint {
  server: FlexibleServer;
  /** The time to restore to: the backup's completion (backup mode) or the moment recorded. */
  restoreTime: Date;
  earliestRestoreTime?: Date;
  backup?: ServerBackup;
}

/**
 * Records a point the server can be restored to before a migration changes it. Reads the server
 * first and refuses unless it is Ready (then nothing is written); in backup mode takes an on-demand
 * backup and waits for it. The restore time is never before the backup completed nor after now.
 */
export async function createRestorePoint(arm: RestClient, ref: ServerRef, request: RestorePointRequest): Promise<RestorePoint> {
  const now = request.now ?? (() => new Date());
  const server = await getServer(arm, ref);
  requireReady(server, request.mode === 'backup' ? `the on-demand backup '${request.backupName}'` : 'the restore point');
  const earliestRestoreTime = parseAzureTime(server.properties.backup?.earliestRestoreDate);
  if (request.mode === 'timestamp') return { server, restoreTime: now(), earliestRestoreTime };

  const backup = await createOnDemandBackup(arm, ref, request.backupName, { timeoutMs: request.timeoutMs, pollIntervalMs: request.pollIntervalMs });
  const finished = now();
  const completed = parseAzureTime(backup.properties?.completedTime);
  const restoreTime = completed && completed.getTime() <= finished.getTime() ? completed : finished;
  return { server, restoreTime, earliestRestoreTime: earliestRestoreTime ?? completed, backup };
}
