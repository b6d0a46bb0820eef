import { ourAction, ourWorkflow, type CheckContext } from '../check-context.ts';
import { stepLabel, stringsIn, type Finding, type Workflow } from '../workflow-model.ts';

const STEP_OUTPUT = /\bsteps\.([A-Za-z_][\w-]*)\.outputs(?:\.([A-Za-z_][\w-]*)|\[\s*'([^']+)'\s*\])/g;
const NEEDS_OUTPUT = /\bneeds\.([A-Za-z_][\w-]*)\.outputs(?:\.([A-Za-z_][\w-]*)|\[\s*'([^']+)'\s*\])/g;
const JOB_OUTPUT = /\bjobs\.([A-Za-z_][\w-]*)\.outputs(?:\.([A-Za-z_][\w-]*)|\[\s*'([^']+)'\s*\])/g;

/**
 * Every step that uses one of our actions passes only inputs its action.yml declares and every required
 * one; every `steps.<id>.outputs.<name>` read of such a step names a declared output. Outputs read across
 * jobs (`needs.<job>.outputs.<name>`, a reusable workflow's `jobs.<job>.outputs.<name>`) must be declared
 * by that job.
 */
export function checkActionContracts(workflow: Workflow, context: CheckContext): Finding[] {
  const findings: Finding[] = [];
  for (const [jobId, job] of Object.entries(workflow.jobs)) {
    const stepsById = new Map<string, string>();
    (job.steps ?? []).forEach((step, index) => {
      const manifest = ourAction(step.uses, context);
      if (!manifest) return;
      const where = { rule: 'action-contract', file: workflow.file, job: jobId, step: stepLabel(step, index) };
      if (step.id) stepsById.set(step.id, manifest.name);
      const given = Object.keys(step.with ?? {});
      for (const input of given) {
        if (!manifest.inputs.has(input)) findings.push({ ...where, message: `input "${input}" is not declared by ${manifest.name}/action.yml (declared: ${[...manifest.inputs.keys()].join(', ')})` });
      }
      for (const [input, spec] of manifest.inputs) {
        if (spec.required && !spec.hasDefault && !given.includes(input)) findings.push({ ...where, message: `required input "${input}" of ${manifest.name} is not passed` });
      }
    });
    for (const text of stringsIn(job)) {
      for (const match of text.matchAll(STEP_OUTPUT)) {
        const action = stepsById.get(match[1]!);
        const output = match[2] ?? match[3]!;
        if (action && !context.actions.get(action)!.outputs.has(output)) {
          findings.push({ rule: 'action-contract', file: workflow.file, job: jobId, step: match[1], message: `steps.${match[1]}.outputs.${output} is not an output of ${action} (declared: ${[...context.actions.get(action)!.outputs].join(', ')})` });
        }
      }
      for (const match of text.matchAll(NEEDS_OUTPUT)) findings.push(...missingJobOutput(workflow, jobId, match, context));
    }
  }
  const callOutputs = (workflow.on as { workflow_call?: { outputs?: unknown } } | undefined)?.workflow_call?.outputs;
  for (const text of stringsIn(callOutputs)) {
    for (const match of text.matchAll(JOB_OUTPUT)) findings.push(...missingJobOutput(workflow, 'on.workflow_call.outputs', match, context));
  }
  return findings;
}

function missingJobOutput(workflow: Workflow, where: string, match: RegExpMatchArray, context: CheckContext): Finding[] {
  const jobId = match[1]!;
  const output = match[2] ?? match[3]!;
  const job = workflow.jobs[jobId];
  if (!job) return [{ rule: 'action-contract', file: workflow.file, job: where, message: `outputs of job "${jobId}" are read but there is no such job` }];
  const called = ourWorkflow(job.uses, context);
  const declared = called
    ? Object.keys(((called.on as { workflow_call?: { outputs?: Record<string, unknown> } }).workflow_call?.outputs) ?? {})
    : Object.keys(job.outputs ?? {});
  if (job.uses && !called) return [];
  return declared.includes(output) ? [] : [{ rule: 'action-contract', file: workflow.file, job: where, message: `job "${jobId}" has no output "${output}" (declared: ${declared.join(', ') || 'none'})` }];
}
