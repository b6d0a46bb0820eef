import { ourAction, ourWorkflow, type CheckContext } from '../check-context.ts';
import { FULL_SHA, parseUses } from '../uses-reference.ts';
import { stepLabel, type Finding, type Workflow } from '../workflow-model.ts';

/**
 * Third-party actions and reusable workflows are pinned by a full 40-hex commit SHA (a tag can be moved
 * to other code); docker:// images by digest. Exempt: ./ paths, and this repository's own actions and
 * reusable workflows (referenced by their published owner/repo at the major tag; see pin-actions).
 */
export function checkPinning(workflow: Workflow, context: CheckContext): Finding[] {
  const findings: Finding[] = [];
  const check = (uses: string, jobId: string, step?: string) => {
    const reference = parseUses(uses);
    const where = { rule: 'unpinned-action', file: workflow.file, job: jobId, step };
    if (!reference) {
      findings.push({ ...where, message: `"${uses}" is not a valid uses: reference` });
      return;
    }
    if (reference.kind === 'local') return;
    if (reference.kind === 'docker') {
      if (!/@sha256:[0-9a-f]{64}$/.test(reference.image)) findings.push({ ...where, message: `"${uses}" must be pinned by digest (@sha256:...)` });
      return;
    }
    if (ourAction(uses, context) || ourWorkflow(uses, context)) return;
    if (!FULL_SHA.test(reference.ref)) findings.push({ ...where, message: `third-party "${uses}" must be pinned by a full commit SHA (e.g. ${reference.owner}/${reference.repo}${reference.path ? `/${reference.path}` : ''}@<40-hex sha> # ${reference.ref})` });
  };
  for (const [jobId, job] of Object.entries(workflow.jobs)) {
    if (typeof job.uses === 'string') check(job.uses, jobId);
    (job.steps ?? []).forEach((step, index) => {
      if (typeof step.uses === 'string') check(step.uses, jobId, stepLabel(step, index));
    });
  }
  return findings;
}
