import { azureName, markdownLink, neutraliseWorkflowCommands, optionalAzureName, parseImageReference, rawInput, runAction, setOutputs, StepSummary } from '@te-actions/action-kit';
import { connectToAzure, readAzureInputs } from '@te-actions/azure-auth';
import { portalResourceLink, updateJobImage } from '@te-actions/container-jobs';
import * as core from '@actions/core';

await runAction(async ({ signal }) => {
  const azure = readAzureInputs();
  const resourceGroup = azureName('resource-group', 'resourceGroup');
  const jobName = azureName('job-name', 'containerAppsJob');
  const image = parseImageReference('image', rawInput('image')).reference;
  const containerName = optionalAzureName('container-name', 'containerName');

  const connection = connectToAzure({ ...azure, signal });
  const ref = { subscriptionId: azure.subscriptionId, resourceGroup, jobName };
  const result = await updateJobImage(connection.arm, ref, { image, containerName });

  if (result.changed) core.info(neutraliseWorkflowCommands(`Job ${jobName}, container ${result.containerName}: ${result.previousImage} → ${result.image}`));
  else core.info(neutraliseWorkflowCommands(`Job ${jobName}, container ${result.containerName} already runs ${result.image}: nothing to change.`));
  setOutputs({ 'previous-image': result.previousImage, image: result.image, changed: result.changed });

  await new StepSummary()
    .heading('update-job-image')
    .table(
      ['Job', 'Container', 'Previous image', 'Image', 'Changed'],
      [[{ markdown: markdownLink(jobName, portalResourceLink(connection.cloud.portal, result.job.id)) }, result.containerName, result.previousImage, result.image, result.changed ? 'yes' : 'no (already current)']],
    )
    .paragraph(`Roll back by running update-job-image with image: ${result.previousImage}`)
    .write();
});
