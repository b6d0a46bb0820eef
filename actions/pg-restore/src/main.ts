import { azureName, InputError, integer, markdownLink, runAction, setOutputs, StepSummary } from '@te-actions/action-kit';
import { connectToAzure, readAzureInputs } from '@te-actions/azure-auth';
import { restoreTimeInput, restoreToNewServer, serverNameInput } from '@te-actions/postgres-flexible';
import * as core from '@actions/core';

await runAction(async ({ signal }) => {
  const azure = readAzureInputs();
  const resourceGroup = azureName('resource-group', 'resourceGroup');
  const sourceServer = serverNameInput('source-server');
  const targetServer = serverNameInput('target-server');
  const restoreTime = restoreTimeInput('restore-time');
  const timeoutMinutes = integer('timeout-minutes', { min: 1, max: 1440, fallback: 60 });
  if (sourceServer === targetServer) throw new InputError('target-server', `is the same as source-server (${sourceServer})`, 'the name of a new server: a restore never overwrites the source');

  const connection = connectToAzure({ ...azure, signal });
  const source = { subscriptionId: azure.subscriptionId, resourceGroup, serverName: sourceServer };
  const { target } = await restoreToNewServer(connection.arm, { source, targetServer, restoreTime, timeoutMs: timeoutMinutes * 60_000 });

  const fqdn = target.properties.fullyQualifiedDomainName ?? '';
  core.info(`Server ${targetServer} is Ready: ${sourceServer} as it was at ${restoreTime.toISOString()}${fqdn ? ` (${fqdn})` : ''}.`);
  setOutputs({ 'target-server-id': target.id, fqdn });

  await new StepSummary()
    .heading('pg-restore')
    .facts([
      ['Source server', sourceServer],
      ['Restored to (UTC)', restoreTime.toISOString()],
      ['New server', { markdown: markdownLink(targetServer, `${connection.cloud.portal}/#resource${target.id}/overview`) }],
      ['Host', fqdn],
    ])
    .paragraph(`The source server was not changed. To switch over, set the application's and the migration job's connection string host to ${fqdn || targetServer} (same database names and users as the source), then restart or redeploy them.`)
    .write();
});
