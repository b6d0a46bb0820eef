import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { actionErrors, workflowErrors } from './github-parser.ts';
import { listActionNames, listWorkflowFiles, REPO_ROOT } from './workflow-files.ts';

const FIXTURES = join(REPO_ROOT, 'test', 'workflows', 'fixtures');

describe('GitHub workflow parser', () => {
  const files = listWorkflowFiles();

  test('finds the reusable workflows, this repository\'s CI and release, and the four examples', () => {
    expect(files).toEqual(expect.arrayContaining([
      '.github/workflows/ci.yml', '.github/workflows/infra.yml', '.github/workflows/migration.yml', '.github/workflows/release.yml',
      'workflows-examples/dev.yml', 'workflows-examples/prod-infra.yml', 'workflows-examples/prod.yml', 'workflows-examples/rollback.yml',
    ]));
  });

  test.each(listWorkflowFiles())('%s parses without errors (schema, expressions, reusable-workflow inputs)', async (file) => {
    expect(await workflowErrors(REPO_ROOT, file, readFileSync(join(REPO_ROOT, file), 'utf8'))).toEqual([]);
  });

  test.each(listActionNames())('%s/action.yml is valid against the action schema', (name) => {
    const file = `${name}/action.yml`;
    expect(actionErrors(file, readFileSync(join(REPO_ROOT, file), 'utf8'))).toEqual([]);
  });

  test('reports an undeclared and a missing reusable-workflow input', async () => {
    const file = 'test/workflows/fixtures/bad-reusable-call.yml';
    const errors = await workflowErrors(REPO_ROOT, file, readFileSync(join(FIXTURES, 'bad-reusable-call.yml'), 'utf8'));
    expect(errors.join('\n')).toMatch(/enviroment/);
    expect(errors.join('\n')).toMatch(/job_name/);
  });

  test('reports an unknown key and a broken expression', async () => {
    const file = 'test/workflows/fixtures/bad-syntax.yml';
    const errors = await workflowErrors(REPO_ROOT, file, readFileSync(join(FIXTURES, 'bad-syntax.yml'), 'utf8'));
    expect(errors.join('\n')).toMatch(/runs-onn|Unexpected value/);
    expect(errors.length).toBeGreaterThanOrEqual(2);
  });

  test('reports an action.yml with an unsupported runtime', () => {
    const errors = actionErrors('bad/action.yml', 'name: x\ndescription: y\nruns:\n  using: node9\n  main: index.js\n');
    expect(errors.length).toBeGreaterThan(0);
  });
});
