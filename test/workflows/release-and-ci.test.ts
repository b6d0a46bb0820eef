import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { REPO_ROOT } from './workflow-files.ts';
import { loadWorkflow, type Workflow } from './workflow-model.ts';

const load = (file: string): Workflow => loadWorkflow(file, readFileSync(join(REPO_ROOT, file), 'utf8'));
const runs = (workflow: Workflow, job: string) => (workflow.jobs[job]?.steps ?? []).map((step) => step.run ?? step.uses ?? '');

describe('this repository\'s CI and release', () => {
  test('ci.yml runs .ci/run once (which tests everything, workflows included) and the published-reference check', () => {
    const ci = load('.github/workflows/ci.yml');
    const steps = runs(ci, 'ci');
    expect(steps).toEqual(expect.arrayContaining(['bash .ci/run', 'npm run pin-actions -- --check']));
    expect(steps.filter((step) => /\bnpm (test|run test)\b|\bjest\b/.test(step))).toEqual([]);
    expect(ci.jobs.ci!.permissions).toEqual({ contents: 'read' });
    const script = readFileSync(join(REPO_ROOT, '.ci/run'), 'utf8');
    for (const part of ['npm ci', 'npm run typecheck', 'npm run build', 'git diff --exit-code', 'npm test']) expect(script).toContain(part);
  });

  describe('release.yml', () => {
    const release = load('.github/workflows/release.yml');
    const testJob = release.jobs.test!;
    const tag = release.jobs.tag!;
    const tagSteps = runs(release, 'tag');
    const position = (text: string) => tagSteps.findIndex((step) => step.includes(text));

    test('runs on a published release, tests in a read-only job without a persisted token, and skips prereleases', () => {
      expect(release.on).toEqual({ release: { types: ['published'] } });
      expect(parse(readFileSync(join(REPO_ROOT, '.github/workflows/release.yml'), 'utf8')).permissions).toEqual({});
      expect(testJob.if).toContain('!github.event.release.prerelease');
      expect(testJob.permissions).toEqual({ contents: 'read' });
      const checkout = (testJob.steps ?? []).find((step) => step.uses?.startsWith('actions/checkout@'));
      expect(checkout?.with?.['persist-credentials']).toBe(false);
      const steps = runs(release, 'test');
      expect(steps).toContain('bash .ci/run');
      expect(steps.some((step) => step.includes('pin-actions -- --check "$GITHUB_REPOSITORY@$MAJOR"'))).toBe(true);
    });

    test('only the tag job can write, after the tests, and it runs no installed code', () => {
      expect(tag.needs).toBe('test');
      expect(tag.permissions).toEqual({ contents: 'write' });
      for (const [id, job] of Object.entries(release.jobs)) if (id !== 'tag') expect(JSON.stringify(job.permissions ?? {})).not.toContain('write');
      for (const step of tag.steps ?? []) {
        if (step.uses) expect(step.uses).toMatch(/^actions\/checkout@[0-9a-f]{40}$/);
        expect(step.run ?? '').not.toMatch(/\b(npm|npx|yarn|pnpm|make)\b|\bnode\s|\.ci\/run|(^|\s)\.\/[\w-]|\bbash\s+[\w./]/m);
      }
    });

    test('checks the release commit is on main before it tags, pins the workflows to the release SHA, then moves the major tag', () => {
      const onMain = position('git merge-base --is-ancestor "$GITHUB_SHA" FETCH_HEAD');
      const pin = position('@${GITHUB_SHA}');
      const push = position('git push --force origin "refs/tags/$MAJOR"');
      expect(onMain).toBeGreaterThan(-1);
      expect(tagSteps[onMain]).toContain('git fetch --no-tags origin main');
      expect(pin).toBeGreaterThan(onMain);
      expect(push).toBeGreaterThan(pin);
      expect(tagSteps[push]).toContain('git tag "pinned/$TAG" "$pinned"');
      expect(tagSteps[push]).toContain('git tag --force "$MAJOR" "$pinned"');
    });

    test('the pinning script rewrites every reference to this repository at the major tag, and nothing else', () => {
      const script = (tag.steps ?? []).find((step) => step.name?.startsWith('Pin the reusable workflows'))!.run!;
      const work = mkdtempSync(join(tmpdir(), 'release-pin-'));
      cpSync(join(REPO_ROOT, '.github/workflows'), join(work, '.github/workflows'), { recursive: true });
      const sha = 'c0ffee'.padEnd(40, '0');
      const before = readFileSync(join(work, '.github/workflows/migration.yml'), 'utf8');
      execFileSync('bash', ['-eo', 'pipefail', '-c', script], { cwd: work, env: { PATH: process.env.PATH, GITHUB_REPOSITORY: 'contoso/te-actions', MAJOR: 'v1', GITHUB_SHA: sha }, stdio: 'pipe' });
      const after = readFileSync(join(work, '.github/workflows/migration.yml'), 'utf8');
      const own = [...before.matchAll(/uses: contoso\/te-actions\/([\w./-]+)@v1/g)].map((match) => match[1]);
      expect(own.length).toBeGreaterThan(0);
      for (const path of own) expect(after).toContain(`uses: contoso/te-actions/${path}@${sha}`);
      expect(after).not.toMatch(/contoso\/te-actions\/[\w./-]+@v1\b/);
      expect(after.replaceAll(`@${sha}`, '@v1')).toBe(before);
    });
  });

  test('docs, examples and workflows name one owner placeholder, contoso/te-actions', () => {
    const files = execFileSync('git', ['ls-files', '*.md', '*.yml', '*.yaml'], { cwd: REPO_ROOT, encoding: 'utf8' }).split('\n').filter((file) => file && !file.startsWith('test/'));
    const others = files.flatMap((file) => [...readFileSync(join(REPO_ROOT, file), 'utf8').matchAll(/\b([\w.-]+)\/te-actions\/[\w.-]+@/g)].filter((match) => match[1] !== 'contoso').map((match) => `${file}: ${match[0]}`));
    expect(others).toEqual([]);
  });

  test.each(['dev.yml', 'prod.yml', 'rollback.yml', 'prod-infra.yml'])('workflows-examples/%s marks where a user puts their own names', (file) => {
    const text = readFileSync(join(REPO_ROOT, 'workflows-examples', file), 'utf8');
    expect(text).toMatch(/^# Copy to \.github\/workflows\//m);
    expect((text.match(/# yours/g) ?? []).length).toBeGreaterThanOrEqual(3);
  });
});
