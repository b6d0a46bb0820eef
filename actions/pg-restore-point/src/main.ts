import { azureName, choice, integer, markdownLink, optionalString, runAction, setOutputs, StepSummary } from '@te-actions/action-kit';
import { connectToAzure, readAzureInputs } from '@te-actions/azure-auth';
import { checkBackupName, createRestorePoint, defaultBackupName, RESTORE_POINT_MODES, serverNameInput } from '@te-actions/postgres-flexible';
import * as core from '@actions/core';

await runAction(async ({ signal }) => {
  const azure = readAzureInputs();
  const resourceGroup = azureName('resource-group', 'resourceGroup');
  const serverName = serverNameInput('server-name');
  const backupName = checkBackupName('backup-name', optionalString('backup-name') ?? defaultBackupName(process.env.GITHUB_RUN_ID, process.env.GITHUB_RUN_ATTEMPT));
  const mode = choice('mode', RESTORE_POINT_MODES, 'backup');
  const timeoutMinutes = integer('timeout-minutes', { min: 1, max: 1440, fallback: 30 });

  const connection = connectToAzure({ ...azure, signal });
  const ref = { subscriptionId: azure.subscriptionId, resourceGroup, serverName };
  const point = await createRestorePoint(connection.arm, ref, { mode, backupName, timeoutMs: timeoutMinutes * 60_000 });

  const restoreTime = point.restoreTime.toISOString();
  core.info(mode === 'backup' ? `On-demand backup ${backupName} of ${serverName} completed; restore point ${restoreTime}.` : `Restore point of ${serverName} recorded: ${restoreTime}.`);
  setOutputs({
    'restore-time': restoreTime,
    'backup-name': point.backup ? backupName : '',
    'earliest-restore-time': point.earliestRestoreTime?.toISOString() ?? '',
    'server-id': point.server.id,
  });

  await new StepSummary()
    .heading('pg-restore-point')
    .facts([
      ['Server', { markdown: markdownLink(serverName, `${connection.cloud.portal}/#resource${point.server.id}/overview`) }],
      ['Restore time (UTC)', restoreTime],
      ['Restore point', point.backup ? `on-demand backup ${backupName}` : 'time recorded (automatic backups cover it)'],
      ['Earliest restore time', point.earliestRestoreTime?.toISOString() ?? 'not reported yet'],
    ])
    .paragraph(`To undo this migration's data changes, restore ${serverName} to ${restoreTime} into a new server with pg-restore (source-server: ${serverName}, target-server: a new name, restore-time: ${restoreTime}), then point the application's connection string at the new server.`)
    .write();
});
