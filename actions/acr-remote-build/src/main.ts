import * as core from '@actions/core';
import { runAction, setOutputs } from '@te-actions/action-kit';
import { buildRemotely } from '@te-actions/acr-build';
import { readBuildInputs } from './inputs.js';
import { STATE } from './state.js';

await runAction(async ({ signal }) => {
  const inputs = readBuildInputs();
  await buildRemotely(inputs, {
    signal,
    workspace: process.env.GITHUB_WORKSPACE || process.cwd(),
    state: { runScheduled: (runId) => core.saveState(STATE.runId, runId), settled: () => core.saveState(STATE.settled, 'true') },
    outputs: setOutputs,
  });
});
