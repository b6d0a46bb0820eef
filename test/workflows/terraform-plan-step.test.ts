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
afterEach(() => {
  // gpg starts an agent for the test's home; stop it with the folder.
  spawnSync('gpgconf', ['--homedir', join(work, '.gnupg'), '--kill', 'gpg-agent'], { env: { PATH: '/usr/bin:/bin', HOME: work } });
  rmSync(work, { recursive: true, force: true });
});

const stepScript = (jobId: string, name: string) => String(infra.jobs[jobId]!.steps!.find((step) => step.name === name)!.run);

/** Runs a script as the runner runs `shell: bash`: bash --noprofile --norc -eo pipefail {0}. */
function runAsRunner(script: string, env: Record<string, string> = {}) {
  const file = join(work, 'step.sh');
  writeFileSync(file, script);
  return spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', file], {
    cwd: work,
    env: { PATH: `${work}:/usr/bin:/bin`, HOME: work, OPERATION: 'apply', VAR_FILE: '', GITHUB_OUTPUT: join(work, 'output'), GITHUB_STEP_SUMMARY: join(work, 'summary.md'), ...env },
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

describe("infra.yml's validate job", () => {
  const validate = stepScript('validate', 'Check the operation and the environments');
  const environments = { TARGET: 'production', PLAN_ENVIRONMENT: 'production-plan', DESTROY_ENVIRONMENT: 'production-destroy', HAS_PASSPHRASE: 'true' };

  test('three different environments pass', () => {
    for (const operation of ['plan', 'apply', 'destroy']) expect(runAsRunner(validate, { ...environments, OPERATION: operation }).status).toBe(0);
  });

  test('a plan job in the destroy or apply environment is refused: its approval would count for them', () => {
    for (const clash of [{ PLAN_ENVIRONMENT: 'production' }, { PLAN_ENVIRONMENT: 'Production-Destroy' }, { DESTROY_ENVIRONMENT: 'production' }]) {
      const result = runAsRunner(validate, { ...environments, ...clash, OPERATION: 'destroy' });
      expect(result.status).toBe(1);
      expect(result.stdout).toContain('::error title=environments::plan_environment, environment and destroy_environment must be three different environments');
    }
  });

  test('an unknown operation, or apply without the plan passphrase, is refused', () => {
    expect(runAsRunner(validate, { ...environments, OPERATION: 'import' }).stdout).toContain('::error title=operation::');
    const noSecret = runAsRunner(validate, { ...environments, OPERATION: 'apply', HAS_PASSPHRASE: 'false' });
    expect(noSecret.status).toBe(1);
    expect(noSecret.stdout).toContain('::error title=TF_PLAN_PASSPHRASE::');
    expect(runAsRunner(validate, { ...environments, OPERATION: 'plan', HAS_PASSPHRASE: 'false' }).status).toBe(0);
  });
});

describe("infra.yml's saved plan", () => {
  const encrypt = stepScript('plan', 'Encrypt the plan');
  const decrypt = stepScript('apply', 'Decrypt the plan');
  const passphrase = 'correct horse battery staple 4711';
  const plan = 'resource "azurerm_postgresql_flexible_server" "db" { administrator_password = "Sup3r-Secret-Value" }\n';

  test('leaves the runner encrypted only, and apply gets the same bytes back', () => {
    writeFileSync(join(work, 'tfplan'), plan);
    const encrypted = runAsRunner(encrypt, { TF_PLAN_PASSPHRASE: passphrase });
    expect(encrypted.stderr).toBe('');
    expect(encrypted.status).toBe(0);
    expect(() => readFileSync(join(work, 'tfplan'))).toThrow();
    const sealed = readFileSync(join(work, 'tfplan.gpg'));
    expect(sealed.includes('Sup3r-Secret-Value')).toBe(false);
    expect(sealed.includes(passphrase)).toBe(false);

    const decrypted = runAsRunner(decrypt, { TF_PLAN_PASSPHRASE: passphrase });
    expect(decrypted.status).toBe(0);
    expect(readFileSync(join(work, 'tfplan'), 'utf8')).toBe(plan);
  });

  test('the wrong passphrase does not decrypt it, and the passphrase is never on a command line', () => {
    writeFileSync(join(work, 'tfplan'), plan);
    expect(runAsRunner(encrypt, { TF_PLAN_PASSPHRASE: passphrase }).status).toBe(0);
    rmSync(join(work, '.gnupg'), { recursive: true, force: true });
    expect(runAsRunner(decrypt, { TF_PLAN_PASSPHRASE: 'wrong' }).status).not.toBe(0);
    for (const script of [encrypt, decrypt]) {
      expect(script).toContain('--passphrase-fd 0');
      expect(script).not.toMatch(/--passphrase[= ]+"?\$/);
    }
  });

  test('is kept one day, encrypted only, and deleted after apply or destroy', () => {
    const keep = infra.jobs.plan!.steps!.find((step) => step.id === 'keep')!;
    expect(keep.with?.['retention-days']).toBe(1);
    expect(String(keep.with?.path)).toContain('tfplan.gpg');
    expect(String(keep.with?.path)).not.toMatch(/\/tfplan\s*$/m);
    const remove = infra.jobs['delete-plan']!;
    expect(remove.needs).toEqual(['plan', 'apply', 'destroy']);
    expect(String(remove.if)).toContain('always()');
    expect(String(remove.steps![0]!.run)).toContain('gh api --method DELETE "repos/$GITHUB_REPOSITORY/actions/artifacts/$ARTIFACT_ID"');
  });
});
