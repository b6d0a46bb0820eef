import { ourWorkflow, type CheckContext } from '../check-context.ts';
import { jobCallsAzure, jobPermissions } from '../job-azure.ts';
import type { Finding, Workflow } from '../workflow-model.ts';

const RANK: Record<string, number> = { none: 0, read: 1, write: 2 };

/**
 * Every job has an explicit, least-privilege `permissions:` mapping: never read-all/write-all, `id-token:
 * write` exactly on the jobs that call Azure, other write scopes only where allowed by name. A job that
 * calls a reusable workflow grants at least what the called jobs ask for (GitHub refuses the run otherwise).
 */
export function checkPermissions(workflow: Workflow, context: CheckContext): Finding[] {
  const findings: Finding[] = [];
  for (const [jobId, job] of Object.entries(workflow.jobs)) {
    const where = { rule: 'permissions', file: workflow.file, job: jobId };
    const permissions = jobPermissions(job);
    if (!permissions) {
      findings.push({ ...where, message: job.permissions === undefined ? 'no permissions: block (the job would get the repository default token permissions)' : `permissions: ${String(job.permissions)} is not least privilege: list the scopes` });
      continue;
    }
    const azure = jobCallsAzure(job, workflow, context);
    if (permissions['id-token'] === 'write' && !azure) findings.push({ ...where, message: 'id-token: write on a job that does not call Azure' });
    if (permissions['id-token'] !== 'write' && azure) findings.push({ ...where, message: 'the job calls Azure with OIDC but has no id-token: write' });
    const allowed = context.allowedWriteScopes[`${workflow.file}#${jobId}`] ?? [];
    for (const [scope, level] of Object.entries(permissions)) {
      if (scope !== 'id-token' && level === 'write' && !allowed.includes(scope)) findings.push({ ...where, message: `${scope}: write is more than this job needs` });
    }
    const called = ourWorkflow(job.uses, context);
    if (called) {
      for (const inner of Object.values(called.jobs)) {
        for (const [scope, level] of Object.entries(jobPermissions(inner) ?? {})) {
          if ((RANK[permissions[scope] ?? 'none'] ?? 0) < (RANK[level] ?? 0)) findings.push({ ...where, message: `the called workflow needs ${scope}: ${level}; grant it here` });
        }
      }
    }
  }
  return dedupe(findings);
}

function dedupe(findings: Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings.filter((finding) => !seen.has(JSON.stringify(finding)) && Boolean(seen.add(JSON.stringify(finding))));
}
