import { ourAction, ourWorkflow, type CheckContext } from '../check-context.ts';
import { PINNED_ACTIONS } from '../pinned-actions.ts';
import { parseUses } from '../uses-reference.ts';
import { stepLabel, type Finding, type Workflow } from '../workflow-model.ts';

/**
 * A third-party action pinned by SHA must be a recorded pin (pinned-actions.ts): a release whose action.yml
 * declares a runtime GitHub's runners still have (node24), with the version named in the line's comment.
 */
export function checkActionRuntime(workflow: Workflow, text: string, context: CheckContext): Finding[] {
  const findings: Finding[] = [];
  for (const [jobId, job] of Object.entries(workflow.jobs)) {
    (job.steps ?? []).forEach((step, index) => {
      if (typeof step.uses !== 'string' || ourAction(step.uses, context) || ourWorkflow(step.uses, context)) return;
      const reference = parseUses(step.uses);
      if (reference?.kind !== 'remote') return;
      const where = { rule: 'action-runtime', file: workflow.file, job: jobId, step: stepLabel(step, index) };
      const name = `${reference.owner}/${reference.repo}`;
      const pin = PINNED_ACTIONS.find((candidate) => candidate.action === name && candidate.sha === reference.ref);
      if (!pin) {
        const known = PINNED_ACTIONS.find((candidate) => candidate.action === name);
        findings.push({ ...where, message: `${step.uses} is not a recorded pin: read its action.yml at that commit and add it to test/workflows/pinned-actions.ts if it declares runs.using: node24${known ? ` (recorded: ${known.sha} # ${known.version})` : ''}` });
        return;
      }
      if (pin.using !== 'node24' && pin.using !== 'composite' && pin.using !== 'docker') findings.push({ ...where, message: `${name} ${pin.version} runs on ${pin.using}` });
      const line = text.split('\n').find((candidate) => candidate.includes(`${name}@${pin.sha}`));
      if (!line?.includes(`# ${pin.version}`)) findings.push({ ...where, message: `${name}@${pin.sha} must carry its version as a comment: "# ${pin.version}"` });
    });
  }
  return findings;
}
