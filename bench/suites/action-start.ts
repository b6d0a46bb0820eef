// Action start: process start → first Azure Resource Manager request (OIDC exchange included),
// against `node -e 0` and `az version` in the same run; plus the size of dist/.
import { spawn, spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { startEmulator } from '../../test/emulator/index.ts';
import { REPO_ROOT, runStep } from '../../test/runner/run-step.ts';
import { median, type BenchRow, type BenchSuite } from '../report.ts';

const RUNS = 15;
const SUBSCRIPTION = '34adfa4f-cedf-4dc0-ba29-b6d1a69ab345';

function timeCommand(command: string, args: string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, args, { stdio: 'ignore' });
    child.on('error', reject);
    child.on('close', () => resolve(performance.now() - started));
  });
}

function sizeOf(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.size;
  return readdirSync(path).reduce((total, name) => total + sizeOf(join(path, name)), 0);
}

async function firstArmRequestMs(): Promise<number[]> {
  const emulator = await startEmulator();
  emulator.containerApps.updateDelayMs = 0;
  emulator.containerApps.addJob({ subscriptionId: SUBSCRIPTION, resourceGroup: 'rg', name: 'migrate-db', containers: [{ name: 'migrate', image: 'contoso.azurecr.io/m:1' }] });
  const samples: number[] = [];
  try {
    for (let run = 0; run < RUNS; run++) {
      const before = emulator.core.requests.length;
      const result = await runStep({
        action: 'update-job-image',
        inputs: { 'subscription-id': SUBSCRIPTION, 'resource-group': 'rg', 'job-name': 'migrate-db', image: 'contoso.azurecr.io/m:1', 'client-id': emulator.core.identity.clientId, 'tenant-id': emulator.core.identity.tenantId },
        env: emulator.env(),
      });
      if (result.exitCode !== 0) throw new Error(`update-job-image failed in the benchmark: ${result.errors.join('; ')}`);
      const first = emulator.core.requests.slice(before).find((request) => request.routeId === 'jobs.get');
      if (!first) throw new Error('no ARM request was seen');
      samples.push(first.at - result.spawnedAt);
    }
  } finally {
    await emulator.stop();
  }
  return samples;
}

const suite: BenchSuite = {
  name: 'action-start',
  async run(): Promise<BenchRow[]> {
    const node = process.execPath;
    const nodeSamples: number[] = [];
    for (let run = 0; run < RUNS; run++) nodeSamples.push(await timeCommand(node, ['-e', '0']));
    const nodeMs = median(nodeSamples);
    const actionMs = median(await firstArmRequestMs());
    const az = spawnSync('az', ['version'], { stdio: 'ignore' });
    let azText = 'az not installed';
    let azMet: boolean | undefined;
    if (!az.error) {
      const azSamples: number[] = [];
      for (let run = 0; run < 5; run++) azSamples.push(await timeCommand('az', ['version']));
      const azMs = median(azSamples);
      azText = `az version ${azMs.toFixed(0)} ms (${(azMs / actionMs).toFixed(1)}× slower)`;
      azMet = azMs / actionMs >= 5;
    }
    const ratio = actionMs / nodeMs;
    const distBytes = sizeOf(join(REPO_ROOT, 'dist'));
    return [
      {
        area: 'start',
        metric: 'process start → first ARM request (update-job-image, OIDC included), median of 15',
        measured: `${actionMs.toFixed(0)} ms = ${ratio.toFixed(1)}× node -e 0`,
        target: '≤ 3× node -e 0',
        baseline: `node -e 0 ${nodeMs.toFixed(0)} ms`,
        met: ratio <= 3,
      },
      { area: 'start', metric: 'vs Azure CLI start', measured: `${actionMs.toFixed(0)} ms`, target: '≥ 5× faster than az version', baseline: azText, met: azMet },
      { area: 'bundle', metric: 'all of dist/ (six actions, shared chunks)', measured: `${(distBytes / 1e6).toFixed(2)} MB`, target: '≤ 4 MB', baseline: 'one plain ncc bundle with the Azure SDK: 3.7 MB', met: distBytes <= 4e6 },
    ];
  },
};
export default suite;
