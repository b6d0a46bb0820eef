import { ourAction, type CheckContext } from '../check-context.ts';
import type { Finding, Workflow, WorkflowJob } from '../workflow-model.ts';

const NEEDS_OUTPUT = /needs\.([\w-]+)\.outputs\.([\w-]+)/g;
/** A run step that proves its output is a digest reference checks it against this pattern. */
const DIGEST_CHECK = 'sha256:[a-f0-9]{64}';

/** Whether a job output is a digest: acr-remote-build's image-with-digest, or a step output of a run step that checks for a digest. */
function outputIsDigest(job: WorkflowJob | undefined, output: string, context: CheckContext): boolean {
  const value = job?.outputs?.[output];
  if (typeof value !== 'string') return false;
  const match = /^\$\{\{\s*steps\.([\w-]+)\.outputs\.([\w-]+)\s*\}\}$/.exec(value.trim());
  if (!match) return false;
  const step = (job!.steps ?? []).find((candidate) => candidate.id === match[1]);
  if (!step) return false;
  if (ourAction(step.uses, context)?.name === 'acr-remote-build') return match[2] === 'image-with-digest';
  return typeof step.run === 'string' && step.run.includes(DIGEST_CHECK);
}

/**
 * The image a gated job deploys (update-job-image's `image`) is exactly what was built or checked before
 * the gate, by digest: only `needs.<job>.outputs.<name>` references that resolve to a digest, joined by
 * `||`, never a tag composed in the expression.
 */
export function checkDigestDeploy(workflow: Workflow, context: CheckContext): Finding[] {
  const findings: Finding[] = [];
  for (const [jobId, job] of Object.entries(workflow.jobs)) {
    for (const step of job.steps ?? []) {
      if (ourAction(step.uses, context)?.name !== 'update-job-image') continue;
      const where = { rule: 'digest-deploy', file: workflow.file, job: jobId, step: step.id ?? step.name ?? step.uses };
      const image = String(step.with?.image ?? '');
      const expression = /^\$\{\{(.*)\}\}$/s.exec(image.trim())?.[1] ?? '';
      const references = [...expression.matchAll(NEEDS_OUTPUT)];
      const rest = expression.replace(NEEDS_OUTPUT, '').replace(/\|\|/g, '').trim();
      if (!expression || references.length === 0 || rest !== '') {
        findings.push({ ...where, message: `image must be only outputs of earlier jobs that are digests (e.g. \${{ needs.build.outputs.image_with_digest }}), found ${JSON.stringify(image)}` });
        continue;
      }
      for (const [, needed, output] of references) {
        if (!outputIsDigest(workflow.jobs[needed!], output!, context)) {
          findings.push({ ...where, message: `needs.${needed}.outputs.${output} is not a digest (acr-remote-build image-with-digest, or a step output checked against ${DIGEST_CHECK})` });
        }
      }
    }
  }
  return findings;
}
