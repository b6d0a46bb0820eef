import { runAction, setOutputs } from '@te-actions/action-kit';
import { readRunContext, runDestroyGuard } from '@te-actions/governance';
import { readGuardInputs } from './inputs.js';

await runAction(async ({ signal }) => {
  const inputs = readGuardInputs();
  const approvedBy = await runDestroyGuard(inputs, readRunContext(), signal);
  setOutputs({ 'approved-by': approvedBy.join(',') });
});
