import { choice, InputError, matching, nameValueList, optionalString, parseImageReference, quote, rawInput, requiredString, runAction, setOutputs, maskSecret } from '@te-actions/action-kit';
import { compileTicketPattern, readRunContext, recordChange, validateTicket, type FinalStage } from '@te-actions/governance';

function environmentName(): string | undefined {
  const environment = optionalString('environment');
  if (environment !== undefined && (environment.length > 255 || /[\u0000-\u001f\u007f]/.test(environment))) {
    throw new InputError('environment', `has the value ${quote(environment)}`, 'an environment name: one line of at most 255 characters, e.g. production');
  }
  return environment;
}

/** stage: final needs the changing job's result, and a token that can read the run's approvals. */
function finalStage(): FinalStage | undefined {
  const stage = choice('stage', ['request', 'final'], 'request');
  const outcomeText = optionalString('outcome');
  if (stage === 'request') {
    if (outcomeText !== undefined) throw new InputError('outcome', `is set while stage is request`, 'outcome only with stage: final');
    return undefined;
  }
  const outcome = choice('outcome', ['success', 'failure', 'cancelled', 'skipped'], '');
  if (!outcome) throw new InputError('outcome', 'is required with stage: final but was empty', 'the result of the job that made the change, e.g. ${{ needs.deploy.result }}: success, failure, cancelled or skipped');
  const token = requiredString('github-token', 'a token that can read the run\'s approvals (default ${{ github.token }}, permissions: actions: read)');
  maskSecret(token);
  return { outcome, token };
}

await runAction(async ({ signal }) => {
  const pattern = compileTicketPattern('pattern', optionalString('pattern'));
  const ticket = validateTicket('change-ticket', rawInput('change-ticket'), pattern);
  const action = matching('action', /^[A-Za-z][A-Za-z0-9_-]{0,39}$/, 'one word of at most 40 letters, digits, - or _, such as deploy, load, rollback, plan, apply or destroy', requiredString('action', 'what this run does: deploy, load, rollback, plan, apply, destroy, ...'));
  const environment = environmentName();
  const imageText = optionalString('image');
  const image = imageText === undefined ? undefined : parseImageReference('image', imageText).reference;
  const details = nameValueList('details');
  const final = finalStage();
  const { auditFile } = await recordChange({ ticket, action, environment, image, details }, readRunContext(), signal, final);
  setOutputs({ ticket, 'audit-file': auditFile });
});
