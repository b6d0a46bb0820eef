import { callsAzure } from './action-manifest.ts';
import { ourAction, ourWorkflow, type CheckContext } from './check-context.ts';
import type { Workflow, WorkflowJob } from './workflow-model.ts';

/** The permission scopes a job asks for, as a map (an absent block is undefined; `{}` is none). */
export function jobPermissions(job: WorkflowJob): Record<string, string> | undefined {
  if (job.permissions === undefined || job.permissions === null) return undefined;
  if (typeof job.permissions !== 'object') return undefined;
  return job.permissions as Record<string, string>;
}

/**
 * A job calls Azure when a step uses one of our Azure actions, when it signs Terraform in with OIDC
 * (ARM_USE_OIDC in its env or the workflow's), or when it calls one of our reusable workflows whose jobs do.
 */
export function jobCallsAzure(job: WorkflowJob, workflow: Workflow, context: CheckContext): boolean {
  if ((job.steps ?? []).some((step) => {
    const manifest = ourAction(step.uses, context);
    return manifest !== undefined && callsAzure(manifest);
  })) return true;
  if (String(job.env?.ARM_USE_OIDC ?? workflow.env?.ARM_USE_OIDC ?? '') === 'true' && (job.steps ?? []).some((step) => typeof step.run === 'string' && /\bterraform\b/.test(step.run))) return true;
  const called = ourWorkflow(job.uses, context);
  return called !== undefined && Object.values(called.jobs).some((inner) => jobCallsAzure(inner, called, context));
}
