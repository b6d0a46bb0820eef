import { ActionError, markdownLink, neutraliseWorkflowCommands, StepSummary } from '@te-actions/action-kit';
import * as core from '@actions/core';
import { APPROVAL_CHECK, checkApproval } from './approval.js';
import { failed, passed, type CheckResult } from './check-result.js';
import { checkConfirmation } from './confirmation.js';
import { checkEnvironmentProtection, ENVIRONMENT_CHECK, listedReviewers, type EnvironmentInfo } from './environment-protection.js';
import { createGitHubClient, getEnvironment, getPendingDeployments, getRunApprovals, getTeamMembership } from './github-api.js';
import { checkEvent, checkRef } from './ref-event.js';
import { checkRunAttempt } from './run-attempt.js';
import type { RunContext } from './run-context.js';

export interface DestroyGuardOptions {
  /** Exactly as typed: never trimmed, never printed. */
  confirmation: string;
  expected: string;
  environment: string;
  requireReviewers: boolean;
  requireApprovalByOther: boolean;
  allowRerun: boolean;
  allowedRefs: string[];
  allowedEvents: string[];
  token: string;
}

const reason = (error: unknown) => (error instanceof Error ? error.message : String(error));
const sameName = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/**
 * Evaluates every destroy-guard rule (each runs, so the summary shows the whole picture; any error is a
 * failed rule), writes the step summary and returns the logins whose approval let the destroy through.
 * Throws when any rule failed.
 */
export async function runDestroyGuard(options: DestroyGuardOptions, run: RunContext, signal: AbortSignal): Promise<string[]> {
  const checks: CheckResult[] = [
    checkConfirmation(options.confirmation, options.expected),
    checkRef(run.ref, options.allowedRefs),
    checkEvent(run.eventName, options.allowedEvents),
    checkRunAttempt(run.runAttempt, options.allowRerun),
  ];

  const client = await createGitHubClient(options.token);
  let environment: EnvironmentInfo | undefined;
  try {
    environment = await getEnvironment(client, run, options.environment, signal);
    checks.push(checkEnvironmentProtection(options.environment, environment, { requireReviewers: options.requireReviewers, requireSelfReviewPrevention: options.requireApprovalByOther }));
  } catch (error) {
    signal.throwIfAborted();
    checks.push(failed(ENVIRONMENT_CHECK, reason(error)));
  }

  let approvedBy: string[] = [];
  if (options.requireReviewers && !environment) {
    checks.push(failed(APPROVAL_CHECK, 'not evaluated: without the environment\'s required reviewers nobody\'s approval can be confirmed'));
  } else if (options.requireReviewers) {
    try {
      const approvals = await getRunApprovals(client, run, run.runId, signal);
      const outcome = await checkApproval(approvals, {
        environment: options.environment,
        reviewers: listedReviewers(environment),
        triggeredBy: [run.actor, run.triggeringActor],
        requireApprovalByOther: options.requireApprovalByOther,
        teamMembership: (team, login) => getTeamMembership(client, run.owner, team, login, signal),
        isPending: async () => (await getPendingDeployments(client, run, run.runId, signal)).some((entry) => typeof entry.environment?.name === 'string' && sameName(entry.environment.name, options.environment)),
      });
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
    .heading(`destroy-guard: ${failures.length ? 'BLOCKED' : 'passed'} for ${options.environment}`)
    .table(['Check', 'Result', 'Detail'], checks.map((check) => [check.name, check.passed ? '✅ pass' : '❌ fail', check.detail]))
    .facts([
      ['Environment', options.environment],
      ['Triggered by', triggeredBy || '(unknown)'],
      ['Approved by', approvedBy.length ? approvedBy.join(', ') : '(nobody whose approval counts)'],
      ['Ref', run.ref || '(none)'],
      ['Event', run.eventName || '(none)'],
      ['Run attempt', run.runAttempt],
      ['Run', { markdown: markdownLink(`${run.repository} run ${run.runId}`, run.runUrl) }],
    ])
    .write();

  if (failures.length) {
    throw new ActionError(`destroy-guard blocked the destroy: ${failures.map((check) => `${check.name}: ${check.detail.replace(/\.$/, '')}`).join('; ')}.`);
  }
  core.info(neutraliseWorkflowCommands(`All checks passed; approved by ${approvedBy.join(', ') || 'nobody (not required)'}.`));
  return approvedBy;
}
