import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findPublishedReferences, parseLocation, repointPublishedReferences } from '../../scripts/published-references.ts';
import { listActionNames, listWorkflowFiles, REPO_ROOT } from './workflow-files.ts';

const own = { actions: ['update-job-image', 'run-job-and-wait'], workflows: ['migration.yml'] };
const SCRIPT = join(REPO_ROOT, 'scripts', 'pin-actions.ts');

function pinActions(cwd: string, ...args: string[]) {
  return spawnSync(process.execPath, ['--experimental-strip-types', '--no-warnings', SCRIPT, ...args], { cwd, encoding: 'utf8' });
}

describe('published references', () => {
  const text = [
    '      - uses: contoso/te-actions/update-job-image@v1',
    "      - uses: 'contoso/te-actions/run-job-and-wait@v1' # quoted",
    '    uses: contoso/te-actions/.github/workflows/migration.yml@v1',
    '      - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2',
    '      - uses: other/repo/some-action@v3',
    '      - uses: ./update-job-image',
  ].join('\n');

  test('finds only references to our actions and reusable workflows', () => {
    expect(findPublishedReferences(text, own).map((reference) => reference.path)).toEqual(['update-job-image', 'run-job-and-wait', '.github/workflows/migration.yml']);
  });

  test('re-points them and leaves third-party and local references alone', () => {
    const after = repointPublishedReferences(text, parseLocation('my-org/te-actions-fork@0123456789abcdef0123456789abcdef01234567'), own);
    expect(after.split('\n')).toEqual([
      '      - uses: my-org/te-actions-fork/update-job-image@0123456789abcdef0123456789abcdef01234567',
      "      - uses: 'my-org/te-actions-fork/run-job-and-wait@0123456789abcdef0123456789abcdef01234567' # quoted",
      '    uses: my-org/te-actions-fork/.github/workflows/migration.yml@0123456789abcdef0123456789abcdef01234567',
      '      - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2',
      '      - uses: other/repo/some-action@v3',
      '      - uses: ./update-job-image',
    ]);
  });

  test.each(['contoso/te-actions', 'contoso@v1', 'contoso/te-actions@', 'con toso/te-actions@v1', 'contoso/te-actions@v1 && rm -rf /', 'contoso/te-actions@../v1'])('rejects %p with the expected form', (value) => {
    expect(() => parseLocation(value)).toThrow(/expected <owner>\/<repo>@<ref>/);
  });
});

describe('npm run pin-actions', () => {
  let work: string;
  beforeEach(() => {
    work = mkdtempSync(join(tmpdir(), 'pin-actions-'));
    for (const file of listWorkflowFiles()) {
      mkdirSync(join(work, file, '..'), { recursive: true });
      cpSync(join(REPO_ROOT, file), join(work, file));
    }
    for (const action of listActionNames()) {
      mkdirSync(join(work, action));
      cpSync(join(REPO_ROOT, action, 'action.yml'), join(work, action, 'action.yml'));
    }
  });
  afterEach(() => rmSync(work, { recursive: true, force: true }));

  test('the committed workflows all name contoso/te-actions@v1', () => {
    const result = pinActions(work, '--check', 'contoso/te-actions@v1');
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^\d+ references name contoso\/te-actions@v1/);
  });

  test('re-points a fork and --check then passes for the fork and fails for the original', () => {
    const result = pinActions(work, 'my-org/te-actions@v2');
    expect(result.status).toBe(0);
    const migration = readFileSync(join(work, '.github/workflows/migration.yml'), 'utf8');
    expect(migration).toContain('uses: my-org/te-actions/update-job-image@v2');
    expect(migration).not.toMatch(/uses: contoso\/te-actions/);
    expect(migration).toContain('actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1');
    expect(readFileSync(join(work, 'workflows-examples/prod.yml'), 'utf8')).toContain('uses: my-org/te-actions/.github/workflows/migration.yml@v2');
    expect(pinActions(work, '--check', 'my-org/te-actions@v2').status).toBe(0);
    const original = pinActions(work, '--check', 'contoso/te-actions@v1');
    expect(original.status).toBe(1);
    expect(original.stderr).toMatch(/Fix with: npm run pin-actions -- contoso\/te-actions@v1/);
  });

  test('--check without a location fails when two locations are mixed', () => {
    execFileSync('sed', ['-i', 's#contoso/te-actions/update-job-image@v1#contoso/te-actions/update-job-image@main#', join(work, '.github/workflows/migration.yml')]);
    const result = pinActions(work, '--check');
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/migration\.yml: update-job-image @ contoso\/te-actions@main/);
  });

  test('a malformed location is refused and nothing is written', () => {
    const before = readFileSync(join(work, '.github/workflows/migration.yml'), 'utf8');
    const result = pinActions(work, 'my-org/te-actions');
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/expected <owner>\/<repo>@<ref>/);
    expect(readFileSync(join(work, '.github/workflows/migration.yml'), 'utf8')).toBe(before);
  });
});
