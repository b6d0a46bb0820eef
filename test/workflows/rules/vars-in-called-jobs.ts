import { callsAzure } from '../action-manifest.ts';
import { ourAction, ourWorkflow, type CheckContext } from '../check-context.ts';
import type { Finding, Workflow } from '../workflow-model.ts';
import { isReusable } from './deploy-concurrency.ts';

/** Azure sign-in inputs of our actions and Terraform's variables, with the configuration variable each falls back to. */
const ACTION_INPUTS: Record<string, string> = { 'client-id': 'AZURE_CLIENT_ID', 'tenant-id': 'AZURE_TENANT_ID', 'subscription-id': 'AZURE_SUBSCRIPTION_ID' };
const TERRAFORM_ENV: Record<string, string> = { ARM_CLIENT_ID: 'AZURE_CLIENT_ID', ARM_TENANT_ID: 'AZURE_TENANT_ID', ARM_SUBSCRIPTION_ID: 'AZURE_SUBSCRIPTION_ID' };

/**
 * A job that calls a reusable workflow cannot declare `environment:`, so environment-scoped `vars.*` in
 * its `with:` arrive empty. Callers pass no `vars.*` to our reusable workflows; inside them, every Azure
 * sign-in value falls back to the environment's variable (`inputs.client_id || vars.AZURE_CLIENT_ID`).
 */
export function checkVarsInCalledJobs(workflow: Workflow, context: CheckContext): Finding[] {
  const findings: Finding[] = [];
  for (const [jobId, job] of Object.entries(workflow.jobs)) {
    const where = { rule: 'vars-in-called-jobs', file: workflow.file, job: jobId };
    if (job.uses && ourWorkflow(job.uses, context)) {
      for (const [input, value] of Object.entries(job.with ?? {})) {
        if (typeof value === 'string' && /\bvars\./.test(value)) {
          findings.push({ ...where, message: `with.${input} reads vars.* in the caller, where environment variables are empty (the caller job has no environment); the called jobs read them` });
        }
      }
      continue;
    }
    if (!isReusable(workflow)) continue;
    for (const step of job.steps ?? []) {
      const manifest = ourAction(step.uses, context);
      if (!manifest || !callsAzure(manifest)) continue;
      for (const [input, variable] of Object.entries(ACTION_INPUTS)) {
        const value = String(step.with?.[input] ?? '');
        if (!value.includes(`vars.${variable}`)) findings.push({ ...where, step: step.id ?? step.name ?? step.uses, message: `${input} does not fall back to vars.${variable} of the job's environment` });
      }
    }
    const terraform = (job.steps ?? []).some((step) => typeof step.run === 'string' && /\bterraform\b/.test(step.run));
    if (terraform && String(job.env?.ARM_USE_OIDC ?? workflow.env?.ARM_USE_OIDC ?? '') === 'true' && job.environment !== undefined) {
      for (const [name, variable] of Object.entries(TERRAFORM_ENV)) {
        const value = String(job.env?.[name] ?? '');
        if (!value.includes(`vars.${variable}`)) findings.push({ ...where, message: `env.${name} does not fall back to vars.${variable} of the job's environment` });
      }
    }
  }
  return findings;
}
