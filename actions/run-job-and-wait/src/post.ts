import * as core from '@actions/core';
import { neutraliseWorkflowCommands, runAction } from '@te-actions/action-kit';
import { connectToAzure, readAzureInputs } from '@te-actions/azure-auth';
import { startedExecutionName, stopExecution, type ExecutionRef } from '@te-actions/container-jobs';
import { executionToStop, startOperationToResolve } from './execution-state.js';

/**
 * Post step (runs always, also after cancellation): stops the execution main started when main
 * could not see it to a terminal state or stop it itself. Otherwise does nothing.
 */
await runAction(async ({ signal }) => {
  let ref: ExecutionRef | undefined = executionToStop();
  const operation = ref ? undefined : startOperationToResolve();
  if (!ref && !operation) return;
  const azure = readAzureInputs();
  const connection = connectToAzure({ ...azure, signal });
  if (!ref && operation) {
    // Main was stopped between the start being accepted and learning the execution's name.
    const name = await startedExecutionName(connection.arm, operation);
    if (!name) {
      core.warning('A job execution was being started when the step ended, and its name is not known yet; check the job\'s execution history.');
      return;
    }
    ref = { subscriptionId: azure.subscriptionId, resourceGroup: core.getInput('resource-group'), jobName: core.getInput('job-name'), executionName: name };
  }
  core.info(neutraliseWorkflowCommands(`Execution ${ref!.executionName} may still be running: stopping it.`));
  const result = await stopExecution(connection.arm, ref!, { confirmWithinMs: 60_000 });
  if (result === 'not-found') core.info(neutraliseWorkflowCommands(`Execution ${ref!.executionName} no longer exists.`));
  else if (result === 'stopped') core.info(neutraliseWorkflowCommands(`Execution ${ref!.executionName} was stopped.`));
  else core.warning(`Execution ${ref!.executionName} was asked to stop but had not reported a final status within 60 s; check the job's execution history.`);
});
