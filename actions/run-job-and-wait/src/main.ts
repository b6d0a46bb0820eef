import { runAction, setOutputs } from '@te-actions/action-kit';
import { runJobAndWait } from '@te-actions/job-run';
import { markSettled, rememberExecution, rememberStartOperation } from './execution-state.js';
import { readRunJobInputs } from './inputs.js';

await runAction(async ({ signal }) => {
  const inputs = readRunJobInputs();
  await runJobAndWait(inputs, {
    signal,
    state: { startAccepted: rememberStartOperation, executionStarted: rememberExecution, settled: markSettled },
    outputs: setOutputs,
    tempDir: process.env.RUNNER_TEMP,
  });
});
