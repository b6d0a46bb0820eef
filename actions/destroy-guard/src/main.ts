import { ActionError, neutraliseWorkflowCommands, runAction, setOutputs, StepSummary, markdownLink } from '@te-actions/action-kit';
import {
  APPROVAL_CHECK,
  checkApproval,
  checkConfirmation,
  checkEnvironmentProtection,
  checkEvent,
  checkRef,
  createGitHubClient,
  ENVIRONMENT_CHECK,
  failed,
  getEnvironment,
  getRunApprovals,
  passed,
  readRunContext,
  type CheckResult,
} from '@te-actions/governance';
import * as core from '@actions/core';
import { readGuardInputs } from './inputs.js';

const reason = (error: unknown) => (error instanceof Error ? error.message : String(error));

await runAction(async ({ signal }) => {
  const inputs = readGuardInputs();
  const run = readRunContext();
  const checks: CheckResult[] = [checkConfirmation(inputs.confirmation, inputs.expected), checkRef(run.ref, inputs.allowedRefs), checkEvent(run.eventName, inputs.allowedEvents)];

  // Every check runs so the summary shows the whole picture; any error counts as a failure.
  const client = await createGitHubClient(inputs.token);
  try {
    const environment = await getEnvironment(client, run, inputs.environment, signal);
    checks.push(checkEnvironmentProtection(inputs.environment, environment, inputs.requireReviewers));
  } catch (error) {
    signal.throwIfAborted();
    checks.push(failed(ENVIRONMENT_CHECK, reason(error)));
  }
  let approvedBy: string[] = [];
  if (inputs.requireReviewers) {
    try {
      const approvals = await getRunApprovals(client, run, run.runId, signal);
      const outcome = checkApproval(approvals, { environment: inputs.environment, triggeredBy: [run.actor, run.triggeringActor], requireApprovalByOther: inputs.requireApprovalByOther });
      checks.push(outcome.check);
      approvedBy = outcome.approvedBy;
    } catch (error) {
      signal.throwIfAborted();
      checks.push(failed(APPROVAL_CHECK, reason(error)));
    }
  } else {
    checks.push(passed(APPROVAL_CHECK, 'not required (require-reviewers: false)'));
  }

  const failures = checks.filter((check) => !check.passed);
  for (const check of checks) core.info(neutraliseWorkflowCommands(`${check.passed ? 'PASS' : 'FAIL'}  ${check.name}: ${check.detail}`));

  const triggeredBy = [...new Set([run.actor, run.triggeringActor].filter(Boolean))].join(', ');
  await new StepSummary()
    .heading(`destroy-guard: ${failures.length ? 'BLOCKED' : 'passed'} for ${inputs.environment}`)
    .table(['Check', 'Result', 'Detail'], checks.map((check) => [check.name, check.passed ? '✅ pass' : '❌ fail', check.detail]))
    .facts([
      ['Environment', inputs.environment],
      ['Triggered by', triggeredBy || '(unknown)'],
      ['Approved by', approvedBy.length ? approvedBy.join(', ') : '(nobody whose approval counts)'],
      ['Ref', run.ref || '(none)'],
      ['Event', run.eventName || '(none)'],
      ['Run', { markdown: markdownLink(`${run.repository} run ${run.runId}`, run.runUrl) }],
    ])
    .write();

  if (failures.length) {
    throw new ActionError(`destroy-guard blocked the destroy: ${failures.map((check) => `${check.name}: ${check.detail.replace(/\.$/, '')}`).join('; ')}.`);
  }
  setOutputs({ 'approved-by': approvedBy.join(',') });
  core.info(`All checks passed; approved by ${approvedBy.join(', ') || 'nobody (not required)'}.`);
});
