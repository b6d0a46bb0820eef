import type { CheckContext } from '../check-context.ts';
import type { Finding, Workflow, WorkflowJob } from '../workflow-model.ts';
import { isReusable, jobChangesEnvironment } from './deploy-concurrency.ts';

/** Inputs a reviewer relies on: they must be checked before anyone is asked to approve. */
export const CHECKED_BEFORE_GATE = ['action', 'operation', 'image_tag', 'change_ticket'];

function needsOf(job: WorkflowJob): string[] {
  const needs = job.needs;
  if (typeof needs === 'string') return [needs];
  return Array.isArray(needs) ? needs.filter((entry): entry is string => typeof entry === 'string') : [];
}

/** Every job the given job waits for, directly or not. */
function ancestors(workflow: Workflow, jobId: string): Set<string> {
  const found = new Set<string>();
  const queue = needsOf(workflow.jobs[jobId] ?? {});
  while (queue.length) {
    const next = queue.shift()!;
    if (found.has(next)) continue;
    found.add(next);
    queue.push(...needsOf(workflow.jobs[next] ?? {}));
  }
  return found;
}

/** Whether a step of the job hands `inputs.<name>` to a check: a run step's env, or an action's with:. */
function jobChecks(job: WorkflowJob, input: string): boolean {
  const reference = new RegExp(`\\binputs\\.${input}\\b`);
  return (job.steps ?? []).some((step) => {
    const values = step.run !== undefined ? Object.values(step.env ?? {}) : Object.values(step.with ?? {});
    return values.some((value) => typeof value === 'string' && reference.test(value));
  });
}

function declaredInputs(workflow: Workflow): string[] {
  const on = workflow.on as { workflow_call?: { inputs?: Record<string, unknown> } } | undefined;
  return Object.keys(on?.workflow_call?.inputs ?? {});
}

/**
 * In a reusable workflow, each of action, operation, image_tag and change_ticket that it declares is
 * checked by a job without an environment that every job changing the environment waits for: a reviewer
 * never approves a run that then fails on a typo, and nothing is validated only after an approval.
 */
export function checkValidateBeforeGate(workflow: Workflow, context: CheckContext): Finding[] {
  if (!isReusable(workflow)) return [];
  const checked = declaredInputs(workflow).filter((input) => CHECKED_BEFORE_GATE.includes(input));
  const findings: Finding[] = [];
  for (const [jobId, job] of Object.entries(workflow.jobs)) {
    if (job.uses || job.environment === undefined || !jobChangesEnvironment(job, context)) continue;
    const before = [...ancestors(workflow, jobId)].filter((id) => workflow.jobs[id] && workflow.jobs[id]!.environment === undefined);
    for (const input of checked) {
      if (!before.some((id) => jobChecks(workflow.jobs[id]!, input))) {
        findings.push({ rule: 'validate-before-gate', file: workflow.file, job: jobId, message: `inputs.${input} is not checked by a job without an environment that this gated job needs` });
      }
    }
  }
  return findings;
}
