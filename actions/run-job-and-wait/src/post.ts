import * as core from '@actions/core';
import { runAction } from '@te-actions/action-kit';
import { connectToAzure, readAzureInputs } from '@te-actions/azure-auth';
import { stopExecution } from '@te-actions/container-jobs';
import { executionToStop } from './execution-state.js';

/**
 * Post step (runs always, also after cancellation): stops the execution main started when main
 * could not see it to a terminal state or stop it itself. Otherwise does nothing.
 */
await runAction(async ({ signal }) => {
  const ref = executionToStop();
  if (!ref) return;
  core.info(`Execution ${ref.executionName} may still be running: stopping it.`);
  const connection = connectToAzure({ ...readAzureInputs(), signal });
  const result = await stopExecution(connection.arm, ref);
  core.info(result === 'not-found' ? `Execution ${ref.executionName} no longer exists.` : `Execution ${ref.executionName} was stopped.`);
});
