import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from './workflow-files.ts';
import { loadWorkflow, type Workflow } from './workflow-model.ts';

const load = (file: string): Workflow => loadWorkflow(file, readFileSync(join(REPO_ROOT, file), 'utf8'));
const runs = (workflow: Workflow, job: string) => (workflow.jobs[job]?.steps ?? []).map((step) => step.run ?? step.uses ?? '');

describe('this repository\'s CI and release', () => {
  test('ci.yml installs, typechecks, checks dist, tests, lints, checks workflows and the published references', () => {
    const steps = runs(load('.github/workflows/ci.yml'), 'ci');
    expect(steps).toEqual(expect.arrayContaining(['bash .ci/run', 'npm run lint', 'npm test -- test/workflows', 'npm run pin-actions -- --check']));
    const script = readFileSync(join(REPO_ROOT, '.ci/run'), 'utf8');
    for (const part of ['npm ci', 'npm run typecheck', 'npm run build', 'git diff --exit-code', 'npm test']) expect(script).toContain(part);
  });

  test('release.yml moves the major tag only after the checks, on a published non-prerelease', () => {
    const release = load('.github/workflows/release.yml');
    expect(release.on).toEqual({ release: { types: ['published'] } });
    expect(release.jobs['move-major-tag']!.if).toContain('!github.event.release.prerelease');
    const steps = runs(release, 'move-major-tag');
    const move = steps.findIndex((step) => step.includes('git push --force origin "refs/tags/$MAJOR"'));
    expect(move).toBeGreaterThan(steps.indexOf('bash .ci/run'));
    expect(move).toBeGreaterThan(steps.findIndex((step) => step.includes('pin-actions -- --check "$GITHUB_REPOSITORY@$MAJOR"')));
    expect(steps.indexOf('bash .ci/run')).toBeGreaterThan(-1);
    expect(steps.find((step) => step.includes('git tag --force'))).toContain('"$MAJOR" "$GITHUB_SHA"');
  });

  test.each(['dev.yml', 'prod.yml', 'rollback.yml', 'prod-infra.yml'])('workflows-examples/%s marks where a user puts their own names', (file) => {
    const text = readFileSync(join(REPO_ROOT, 'workflows-examples', file), 'utf8');
    expect(text).toMatch(/^# Copy to \.github\/workflows\//m);
    expect((text.match(/# yours/g) ?? []).length).toBeGreaterThanOrEqual(3);
  });
});
