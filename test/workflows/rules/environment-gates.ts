import type { CheckContext } from '../check-context.ts';
import { jobCallsAzure } from '../job-azure.ts';
import type { Finding, Workflow } from '../workflow-model.ts';

/** The environment name a job declares (`environment: x` or `environment: {name: x}`). */
function environmentName(environment: unknown): string | undefined {
  if (typeof environment === 'string') return environment;
  if (environment && typeof environment === 'object' && typeof (environment as { name?: unknown }).name === 'string') return (environment as { name: string }).name;
  return undefined;
}

/**
 * Every job that calls Azure runs in a GitHub environment (required reviewers gate production, and the OIDC
 * subject is repo:ORG/REPO:environment:<name>), and every job in an environment is in a concurrency group
 * named after that environment that queues rather than cancels, so two deploys to one environment never
 * overlap and a running migration is never cut off.
 */
export function checkEnvironmentGates(workflow: Workflow, context: CheckContext): Finding[] {
  const findings: Finding[] = [];
  for (const [jobId, job] of Object.entries(workflow.jobs)) {
    const where = { rule: 'environment-gates', file: workflow.file, job: jobId };
    if (job.uses) continue; // a job calling a reusable workflow cannot declare environment:; the called jobs do
    const environment = environmentName(job.environment);
    if (!environment) {
      if (jobCallsAzure(job, workflow, context)) findings.push({ ...where, message: 'the job calls Azure but declares no environment: (no reviewers gate, and the OIDC subject is not environment-bound)' });
      continue;
    }
    const concurrency = job.concurrency;
    const group = typeof concurrency === 'string' ? concurrency : (concurrency as { group?: unknown } | undefined)?.group;
    // A job in an environment derived from the deploy target (e.g. <environment>-destroy) may queue in the
    // target's shared deploy group instead.
    const target = '${{ inputs.environment }}';
    const named = typeof group === 'string' && (group.includes(environment.trim()) || (environment.includes('inputs.environment') && group.includes(target)));
    if (typeof group !== 'string' || !named) {
      findings.push({ ...where, message: `no concurrency group per environment: add concurrency.group containing "${environment}"` });
    } else if (typeof concurrency === 'object' && (concurrency as { 'cancel-in-progress'?: unknown })['cancel-in-progress'] === true) {
      findings.push({ ...where, message: 'cancel-in-progress: true would cancel a running deploy; queue instead' });
    }
  }
  return findings;
}
