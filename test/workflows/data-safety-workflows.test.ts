import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from './workflow-files.ts';
import { loadWorkflow, type WorkflowJob } from './workflow-model.ts';

/** The restore point, the deploy history and the rollback: where each step sits and when it runs. */
const load = (file: string) => loadWorkflow(file, readFileSync(join(REPO_ROOT, file), 'utf8'));
const migration = load('.github/workflows/migration.yml');
const rollback = load('.github/workflows/rollback.yml');
const stepIndex = (job: WorkflowJob, predicate: (step: NonNullable<WorkflowJob['steps']>[number]) => boolean) => (job.steps ?? []).findIndex(predicate);
const uses = (action: string) => (step: { uses?: string }) => step.uses === `contoso/te-actions/${action}@v1`;

/** Evaluates a step's `if:` for given inputs (the subset of the expression language these conditions use). */
function condition(expression: unknown, inputs: Record<string, unknown>): boolean {
  const body = String(expression).replace(/^\$\{\{\s*|\s*\}\}$/g, '').replace(/\binputs\.(\w+)/g, 'I.$1').replace(/==/g, '===').replace(/!=/g, '!==');
  return Boolean(new Function('I', `return (${body});`)(inputs));
}

describe('migration.yml: restore point and deploy history', () => {
  const deploy = migration.jobs.deploy!;
  const restoreAt = stepIndex(deploy, uses('pg-restore-point'));
  const restore = deploy.steps![restoreAt]!;

  test('the restore point runs after the approval (in the environment job), after the image update and before the migration', () => {
    expect(restoreAt).toBeGreaterThan(stepIndex(deploy, uses('update-job-image')));
    expect(restoreAt).toBeLessThan(stepIndex(deploy, uses('run-job-and-wait')));
    expect(deploy.environment).toBe('${{ inputs.environment }}');
  });

  test.each([
    ['production', 'auto', 'deploy', true],
    ['dev', 'auto', 'deploy', false],
    ['dev', 'true', 'deploy', true],
    ['production', 'false', 'deploy', false],
    ['production', 'auto', 'rollback', false],
  ])('environment %s, restore_point %s, action %s: restore point %s', (environment, restorePoint, action, expected) => {
    expect(condition(restore.if, { environment, restore_point: restorePoint, action, pg_server: 'pg-orders-prod' })).toBe(expected);
    expect(condition(restore.if, { environment, restore_point: restorePoint, action, pg_server: '' })).toBe(false);
  });

  test('the restore time reaches the workflow outputs and the deployment record', () => {
    expect(deploy.outputs!.restore_time).toBe('${{ steps.restore_point.outputs.restore-time }}');
    const record = deploy.steps!.find((step) => step.name === 'Record the deployment')!;
    expect(record.env!.RESTORE_TIME).toBe('${{ steps.restore_point.outputs.restore-time }}');
    for (const field of ['image_digest', 'change_ticket', 'execution', 'restore_time']) expect(record.run).toContain(`${field}: $`);
    expect(record.run).toContain('repos/$GITHUB_REPOSITORY/deployments');
    expect(record.run).toContain('log_url: $url');
    expect(record.run).toContain('task: "deploy:migration"');
    expect(record.if).toContain('always()');
    expect((deploy.permissions as Record<string, string>).deployments).toBe('write');
  });
});

describe('rollback.yml: image rollback from the deploy history, guarded data rollback', () => {
  test('the image defaults to the last successful deployment of the environment', () => {
    const history = rollback.jobs.history!;
    expect(history.permissions).toEqual({ deployments: 'read' });
    const script = history.steps![0]!.run!;
    expect(script).toContain('-f environment="$ENVIRONMENT" -f task=deploy:migration');
    expect(script).toContain('.payload.image');
    const repoint = rollback.jobs.image!.steps!.find(uses('update-job-image'))!;
    expect(repoint.with!.image).toBe('${{ needs.history.outputs.image }}');
  });

  test("the newer image's down path runs before the job is re-pointed", () => {
    const image = rollback.jobs.image!;
    expect(stepIndex(image, uses('run-job-and-wait'))).toBeLessThan(stepIndex(image, uses('update-job-image')));
    expect(image.steps!.find(uses('run-job-and-wait'))!.with!.args).toBe('${{ inputs.down_args }}');
  });

  test('the data rollback runs only when asked, in the environment, destroy-guard first, into a new server', () => {
    const data = rollback.jobs.data!;
    expect(data.if).toBe('${{ inputs.data_rollback }}');
    // Its own environment: no approval an earlier job of the run collected can count for it.
    expect(data.environment).toBe("${{ inputs.restore_environment || format('{0}-restore', inputs.environment) }}");
    expect(data.steps!.find(uses('destroy-guard'))!.with!.environment).toBe(data.environment);
    expect(stepIndex(data, uses('destroy-guard'))).toBe(0);
    const restore = data.steps!.find(uses('pg-restore'))!;
    expect(restore.with!['restore-time']).toBe('${{ inputs.restore_time }}');
    expect(restore.with!['target-server']).toContain("format('{0}-restored-{1}', inputs.pg_server, github.run_id)");
    expect(String(data.steps!.at(-1)!.run)).toContain('connection string');
  });
});
