import * as core from '@actions/core';
import { neutraliseWorkflowCommands, runAction } from '@te-actions/action-kit';
import { connectToAzure } from '@te-actions/azure-auth';
import { cancelRun, getRun, isTerminalRunStatus } from '@te-actions/acr-build';
import { readBuildInputs } from './inputs.js';
import { STATE } from './state.js';

// Post step: when main scheduled a run but did not see it end (killed, or its own cancel failed),
// cancel the run so no build keeps going after the workflow stopped.
await runAction(async () => {
  const runId = core.getState(STATE.runId);
  if (!runId || core.getState(STATE.settled) === 'true') return;
  const inputs = readBuildInputs();
  const connection = connectToAzure({ ...inputs.azure });
  const arm = connection.detachedArm(30_000);
  const status = (await getRun(arm, inputs.registry, runId)).properties?.status;
  if (isTerminalRunStatus(status)) {
    core.info(neutraliseWorkflowCommands(`Run ${runId} had already ended (${status}).`));
    return;
  }
  const outcome = await cancelRun(arm, inputs.registry, runId);
  core.info(neutraliseWorkflowCommands(outcome === 'cancelled' ? `Run ${runId} was still going: cancelled it.` : `Run ${runId} had already ended (${outcome}).`));
});
