// `npm run demo` end to end: the whole prod pipeline through the committed bundles against the emulator.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { REPO_ROOT } from '../runner/run-step.ts';
import { MIGRATION_LOG } from '../demo/prod-pipeline.ts';

interface DemoRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

function runDemo(): Promise<DemoRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--experimental-strip-types', '--no-warnings', join('test', 'demo', 'demo.ts')], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const timer = setTimeout(() => child.kill('SIGKILL'), 100_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

describe('npm run demo', () => {
  let demo: DemoRun;
  beforeAll(async () => {
    demo = await runDemo();
  }, 110_000);

  test('runs every step of the prod pipeline and ends in Succeeded with exit 0', () => {
    expect(demo.stderr).toBe('');
    expect(demo.stdout).not.toMatch(/NOT AVAILABLE|INCOMPLETE|FAILED/);
    for (const action of ['change-ticket-summary', 'acr-remote-build', 'update-job-image', 'run-job-and-wait']) {
      expect(demo.stdout).toMatch(new RegExp(`^✓ .*\\(${action}\\)  \\(exit 0, `, 'm'));
    }
    expect(demo.stdout.trimEnd().split('\n').at(-1)).toBe('Pipeline Succeeded.');
    expect(demo.code).toBe(0);
  });

  test('deploys the digest the build produced and reports the execution as Succeeded', () => {
    const built = /^  image-with-digest = (\S+)$/m.exec(demo.stdout.slice(demo.stdout.indexOf('(acr-remote-build)  (exit')))?.[1];
    expect(built).toMatch(/^contosoprod\.azurecr\.io\/migrations@sha256:[a-f0-9]{64}$/);
    expect(demo.stdout).toContain(`    image          = ${built}`);
    expect(demo.stdout).toMatch(/^ {4}status {9}= Succeeded$/m);
  });

  test('streams the job\'s own log, each line once and in order', () => {
    const shown = demo.stdout.split('\n').map((line) => line.replace(/^ {2}/, '')).filter((line) => MIGRATION_LOG.includes(line));
    expect(shown).toEqual(MIGRATION_LOG);
  });

  test('shows what the Actions UI shows: no raw workflow commands, no unmasked tokens', () => {
    expect(demo.stdout).not.toMatch(/^\s*::[a-z-]+(?: [^:]*)?::/m);
    expect(demo.stdout).not.toMatch(/eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}/);
  });
});
