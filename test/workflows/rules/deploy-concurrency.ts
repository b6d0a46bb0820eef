import { ourAction, type CheckContext } from '../check-context.ts';
import type { Finding, Workflow, WorkflowJob } from '../workflow-model.ts';

/** The one concurrency group of every job that changes an environment, in migration.yml and infra.yml alike. */
export const DEPLOY_GROUP = 'te-deploy-${{ inputs.environment }}';

const CHANGING_ACTIONS = ['update-job-image', 'run-job-and-wait'];

/** A job changes its environment when it points the job at an image, runs it, or applies Terraform. */
export function jobChangesEnvironment(job: WorkflowJob, context: CheckContext): boolean {
  return (job.steps ?? []).some((step) => {
    const manifest = ourAction(step.uses, context);
    if (manifest && CHANGING_ACTIONS.includes(manifest.name)) return true;
    return typeof step.run === 'string' && /\bterraform\s+(apply|destroy)\b/.test(step.run);
  });
}

/**
 * In a reusable workflow, every job that changes the target environment queues in the same group,
 * `te-deploy-${{ inputs.environment }}`, without cancelling: a migration and a Terraform apply to one
 * environment never overlap. (GitHub keeps one pending run per group; a third cancels the waiting second.)
 */
export function checkDeployConcurrency(workflow: Workflow, context: CheckContext): Finding[] {
  if (!isReusable(workflow)) return [];
  const findings: Finding[] = [];
  for (const [jobId, job] of Object.entries(workflow.jobs)) {
    if (job.uses || !jobChangesEnvironment(job, context)) continue;
    const concurrency = job.concurrency as { group?: unknown; 'cancel-in-progress'?: unknown } | string | undefined;
    const group = typeof concurrency === 'string' ? concurrency : concurrency?.group;
    if (group !== DEPLOY_GROUP) {
      findings.push({ rule: 'deploy-concurrency', file: workflow.file, job: jobId, message: `the job changes the environment but is not in the shared group ${DEPLOY_GROUP} (found ${group === undefined ? 'none' : JSON.stringify(group)})` });
    }
  }
  return findings;
}

export function isReusable(workflow: Workflow): boolean {
  const on = workflow.on;
  if (typeof on === 'string') return on === 'workflow_call';
  if (Array.isArray(on)) return on.includes('workflow_call');
  return Boolean(on && typeof on === 'object' && 'workflow_call' in on);
}
