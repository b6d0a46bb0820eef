// `npm run demo` end to end: the prod pipeline and the rollback through the committed bundles against
// the emulator, with a real PostgreSQL (PGlite) behind the flexible server.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { REPO_ROOT } from '../runner/run-step.ts';

interface DemoRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

function runDemo(...args: string[]): Promise<DemoRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--experimental-strip-types', '--no-warnings', join('test', 'demo', 'demo.ts'), ...args], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const timer = setTimeout(() => child.kill('SIGKILL'), 170_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

const noRawCommandsOrTokens = (demo: DemoRun) => {
  expect(demo.stdout).not.toMatch(/^\s*::[a-z-]+(?: [^:]*)?::/m);
  expect(demo.stdout).not.toMatch(/eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}/);
};

describe('npm run demo', () => {
  let demo: DemoRun;
  beforeAll(async () => {
    demo = await runDemo();
  }, 180_000);

  test('runs every step of the prod pipeline, the restore point before the migration, and ends in Succeeded with exit 0', () => {
    expect(demo.stderr).toBe('');
    expect(demo.stdout).not.toMatch(/NOT AVAILABLE|INCOMPLETE|FAILED/);
    const order = ['change-ticket-summary', 'acr-remote-build', 'update-job-image', 'pg-restore-point', 'run-job-and-wait'].map((action) => {
      const at = demo.stdout.search(new RegExp(`^✓ .*\\(${action}\\)  \\(exit 0, `, 'm'));
      expect({ action, at: at >= 0 }).toEqual({ action, at: true });
      return at;
    });
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(demo.stdout.trimEnd().split('\n').at(-1)).toBe('Pipeline Succeeded.');
    expect(demo.code).toBe(0);
  });

  test('deploys the digest the build produced and reports the execution and the restore time', () => {
    const built = /^  image-with-digest = (\S+)$/m.exec(demo.stdout.slice(demo.stdout.indexOf('(acr-remote-build)  (exit')))?.[1];
    expect(built).toMatch(/^contosoprod\.azurecr\.io\/migrations@sha256:[a-f0-9]{64}$/);
    expect(demo.stdout).toContain(`    image          = ${built}`);
    expect(demo.stdout).toMatch(/^ {4}status {9}= Succeeded$/m);
    const restoreTime = /^  restore-time = (\S+)$/m.exec(demo.stdout)?.[1];
    expect(restoreTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(demo.stdout).toContain(`    restore_time   = ${restoreTime}`);
    expect(demo.stdout).toContain('on-demand backup pre-migration-7001-1');
  });

  test("streams the job's own log: the PostgreSQL migration really applied, each line once and in order", () => {
    const expected = [
      '= 20261101_0001_create_customers_orders.sql (already applied)',
      '= 20261108_0002_index_orders_by_customer.sql (already applied)',
      '→ applying 20261115_0003_add_customer_tier.sql',
      '✓ 20261115_0003_add_customer_tier.sql',
      'Migrations complete.',
    ];
    const shown = demo.stdout.split('\n').map((line) => line.replace(/^ {2}/, '')).filter((line) => expected.includes(line));
    expect(shown).toEqual(expected);
    expect(demo.stdout).toMatch(/Connected to pg-orders-prod\.postgres\.database\.azure\.com \(PostgreSQL \d+/);
  });

  test('shows what the Actions UI shows: no raw workflow commands, no unmasked tokens', () => noRawCommandsOrTokens(demo));
});

describe('npm run demo -- rollback', () => {
  let demo: DemoRun;
  beforeAll(async () => {
    demo = await runDemo('rollback');
  }, 180_000);

  test("the release's migration fails with PostgreSQL's own error and its step is red", () => {
    expect(demo.stderr).toBe('');
    expect(demo.stdout).toContain('ERROR:  column "customer_id" of relation "orders" contains null values (SQLSTATE 23502)');
    expect(demo.stdout).toMatch(/^✗ Run the migration and wait \(run-job-and-wait\)  \(exit 1, /m);
    expect(demo.stdout).toMatch(/^ {2}failure .* Run the migration and wait \(run-job-and-wait\)$/m);
    expect(demo.stdout).toMatch(/^✓ Restore point before the migration \(pg-restore-point\)  \(exit 0, /m);
  });

  test('the rollback puts the previous image back, passes destroy-guard and restores the data into a new server', () => {
    expect(demo.stdout).toContain('Job migrate-db, container migrate: contosoprod.azurecr.io/migrations:1.5.0 → contosoprod.azurecr.io/migrations:1.4.1');
    for (const action of ['update-job-image', 'destroy-guard', 'pg-restore']) expect(demo.stdout).toMatch(new RegExp(`^✓ .*\\(${action}\\)  \\(exit 0, `, 'm'));
    const restoreTime = /^  restore-time = (\S+)$/m.exec(demo.stdout)?.[1];
    expect(demo.stdout).toContain(`pg-orders-prod as it was at ${restoreTime}`);
    expect(demo.stdout.trimEnd().split('\n').at(-1)).toBe('Rollback Succeeded.');
    expect(demo.code).toBe(0);
  });

  test("the restored server holds the data as it was before the release; the source keeps the failed release's change", () => {
    const data = demo.stdout.slice(demo.stdout.indexOf('── data ──'));
    expect(data).toMatch(/pg-orders-prod \(after the failed release\)\n {4}migrations: 0001, 0002, 0003, 0004\n {4}orders: +101 archived 0\.00/);
    expect(data).toMatch(/pg-orders-prod-restored-7001 \(restored to .+\)\n {4}migrations: 0001, 0002\n {4}orders: +101 shipped 120\.00 \| 102 open 80\.00 \| 103 shipped 310\.50 \| 104 open 45\.00/);
  });

  test('shows what the Actions UI shows: no raw workflow commands, no unmasked tokens', () => noRawCommandsOrTokens(demo));
});
