import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from './workflow-files.ts';
import { loadWorkflow } from './workflow-model.ts';

const infra = loadWorkflow('.github/workflows/infra.yml', readFileSync(join(REPO_ROOT, '.github/workflows/infra.yml'), 'utf8'));
const planJob = infra.jobs.plan!;
const planScript = String(planJob.steps!.find((step) => step.id === 'plan')!.run);
const SHOWN = 5_000_000;

let work: string;
beforeEach(() => {
  work = mkdtempSync(join(tmpdir(), 'tf-plan-step-'));
  // A stand-in for terraform: plan reports changes (exit 2), show prints a plan far larger than the summary keeps.
  writeFileSync(join(work, 'terraform'), `#!/bin/sh\ncase "$1" in\n  plan) exit 2 ;;\n  show) yes 'resource "azurerm_container_app_job" "migrate" { ... }' | head -c ${SHOWN} ;;\n  *) exit 3 ;;\nesac\n`);
  chmodSync(join(work, 'terraform'), 0o755);
  writeFileSync(join(work, 'summary.md'), '');
  writeFileSync(join(work, 'output'), '');
});
afterEach(() => rmSync(work, { recursive: true, force: true }));

/** Runs a script as the runner runs `shell: bash`: bash --noprofile --norc -eo pipefail {0}. */
function runAsRunner(script: string) {
  const file = join(work, 'step.sh');
  writeFileSync(file, script);
  return spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', file], {
    cwd: work,
    env: { PATH: `${work}:/usr/bin:/bin`, OPERATION: 'apply', VAR_FILE: '', GITHUB_OUTPUT: join(work, 'output'), GITHUB_STEP_SUMMARY: join(work, 'summary.md') },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
}

describe("infra.yml's plan step under bash -eo pipefail", () => {
  test('the plan job runs its steps with shell: bash (pipefail)', () => {
    expect((planJob.defaults as { run?: { shell?: string } }).run?.shell).toBe('bash');
  });

  test('a plan larger than the summary limit is cut at 900000 bytes and the step succeeds', () => {
    const result = runAsRunner(planScript);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(readFileSync(join(work, 'output'), 'utf8')).toBe('has_changes=true\n');
    const summary = readFileSync(join(work, 'summary.md'), 'utf8');
    expect(summary).toContain('resource "azurerm_container_app_job" "migrate"');
    const shown = summary.split('resource "azurerm_container_app_job"').length - 1;
    expect(shown * 'resource "azurerm_container_app_job" "migrate" { ... }\n'.length).toBeLessThanOrEqual(900_000 + 60);
    expect(summary.length).toBeLessThan(SHOWN);
  });

  test('the plain `| head -c` form it replaces fails that way (SIGPIPE, exit 141)', () => {
    const unfixed = planScript.replace(/terraform show -no-color tfplan \| .*$/m, 'terraform show -no-color tfplan | head -c 900000');
    expect(unfixed).not.toBe(planScript);
    expect(runAsRunner(unfixed).status).toBe(141);
  });
});
