import { InputError, markdownLink, matching, nameValueList, optionalString, parseImageReference, quote, rawInput, requiredString, runAction, setOutputs, StepSummary } from '@te-actions/action-kit';
import { buildAuditRecord, compileTicketPattern, readRunContext, validateTicket, writeAuditRecord } from '@te-actions/governance';
import * as core from '@actions/core';

function environmentName(): string | undefined {
  const environment = optionalString('environment');
  if (environment !== undefined && (environment.length > 255 || /[\u0000-\u001f\u007f]/.test(environment))) {
    throw new InputError('environment', `has the value ${quote(environment)}`, 'an environment name: one line of at most 255 characters, e.g. production');
  }
  return environment;
}

await runAction(async () => {
  const pattern = compileTicketPattern('pattern', optionalString('pattern'));
  const ticket = validateTicket('change-ticket', rawInput('change-ticket'), pattern);
  const action = matching('action', /^[A-Za-z][A-Za-z0-9_-]{0,39}$/, 'one word of at most 40 letters, digits, - or _, such as deploy, load, rollback, plan, apply or destroy', requiredString('action', 'what this run does: deploy, load, rollback, plan, apply, destroy, ...'));
  const environment = environmentName();
  const imageText = optionalString('image');
  const image = imageText === undefined ? undefined : parseImageReference('image', imageText).reference;
  const details = nameValueList('details');
  const run = readRunContext();

  const record = buildAuditRecord({ ticket, action, environment, image, details }, run);
  const auditFile = writeAuditRecord(record);
  setOutputs({ ticket, 'audit-file': auditFile });
  core.info(`Change ${ticket}: ${action}${environment ? ` to ${environment}` : ''}${image ? ` with ${image}` : ''} by ${run.triggeringActor} from ${run.ref} @ ${run.sha}`);
  core.info(`Audit record: ${auditFile}`);

  const actor = run.triggeringActor && run.triggeringActor !== run.actor ? `${run.actor} (re-run by ${run.triggeringActor})` : run.actor;
  const commitUrl = `${run.serverUrl}/${run.repository}/commit/${encodeURIComponent(run.sha)}`;
  const summary = new StepSummary()
    .heading(`Change ${ticket}: ${action}`)
    .facts([
      ['Ticket', ticket],
      ['Action', action],
      ['Environment', environment ?? '(not given)'],
      ['Image', image ?? '(not given)'],
      ['Actor', actor || '(unknown)'],
      ['Ref', run.ref || '(unknown)'],
      ['Commit', run.sha ? { markdown: markdownLink(run.sha.slice(0, 12), commitUrl) } : '(unknown)'],
      ['Run', { markdown: markdownLink(`${run.workflow || 'workflow'} run ${run.runId} attempt ${run.runAttempt}`, run.runUrl) }],
      ['Time', record.recordedAt],
    ]);
  if (details.length) summary.heading('Details', 4).table(['Name', 'Value'], details.map((detail) => [detail.name, detail.value]));
  await summary.write();
});
