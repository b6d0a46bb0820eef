import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repositoryContext, ourAction } from './check-context.ts';
import { checkWorkflow, formatFinding } from './workflow-checks.ts';
import { listWorkflowFiles, REPO_ROOT } from './workflow-files.ts';
import { loadWorkflow } from './workflow-model.ts';

const context = repositoryContext();
const workflows = listWorkflowFiles().map((file) => loadWorkflow(file, readFileSync(join(REPO_ROOT, file), 'utf8')));

describe('this repository\'s workflows and the examples', () => {
  test.each(workflows.map((workflow) => [workflow.file, workflow] as const))('%s passes every rule (contract, permissions, pinning, run injection, environments)', (_file, workflow) => {
    expect(checkWorkflow(workflow, context).map(formatFinding)).toEqual([]);
  });

  test('the contract is checked against the real action.yml of every action the pipelines use', () => {
    const used = new Set<string>();
    for (const workflow of workflows) {
      for (const job of Object.values(workflow.jobs)) {
        for (const step of job.steps ?? []) {
          const uses = step.uses ?? '';
          const name = /^[\w.-]+\/[\w.-]+\/([\w.-]+)@/.exec(uses)?.[1];
          if (name && !name.startsWith('.')) {
            // Every reference to one of our actions must resolve to a real action.yml at the root.
            expect({ uses, resolved: ourAction(uses, context)?.name ?? 'no action.yml' }).toEqual({ uses, resolved: name });
            used.add(name);
          }
        }
      }
    }
    expect([...used].sort()).toEqual(['acr-remote-build', 'change-ticket-summary', 'destroy-guard', 'pg-restore', 'pg-restore-point', 'run-job-and-wait', 'update-job-image']);
  });

  test('every job that holds id-token: write is a job that reaches Azure through an environment', () => {
    const migration = workflows.find((workflow) => workflow.file === '.github/workflows/migration.yml')!;
    expect(migration.jobs.deploy!.environment).toBe('${{ inputs.environment }}');
    expect(migration.jobs.ticket!.permissions).toEqual({ contents: 'read' });
  });
});
