// Cancellation: SIGINT → the remote execution (run-job-and-wait) or ACR run (acr-remote-build) is
// stopped, measured at the emulator, through the committed bundles.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startAzurite } from '../../test/emulator/azurite.ts';
import { startEmulator } from '../../test/emulator/index.ts';
import { runStepWithPost } from '../../test/runner/run-step.ts';
import { median, type BenchRow, type BenchSuite } from '../report.ts';

const SUBSCRIPTION = '34adfa4f-cedf-4dc0-ba29-b6d1a69ab345';
const RUNS = 5;

async function executionStopMs(): Promise<number[]> {
  const samples: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const emulator = await startEmulator();
    try {
      emulator.containerApps.addJob({ subscriptionId: SUBSCRIPTION, resourceGroup: 'rg', name: 'migrate-db', containers: [{ name: 'migrate', image: 'contoso.azurecr.io/m:1' }] });
      emulator.executions.script('migrate-db', { durationMs: 1000, finalStatus: 'Succeeded', hang: true, lines: 3 });
      const { main } = await runStepWithPost({
        action: 'run-job-and-wait',
        inputs: { 'subscription-id': SUBSCRIPTION, 'resource-group': 'rg', 'job-name': 'migrate-db', 'client-id': emulator.core.identity.clientId, 'tenant-id': emulator.core.identity.tenantId },
        env: emulator.env(),
        cancelWhen: (stdout) => stdout.includes('line 3'),
        timeoutMs: 60_000,
      });
      const stop = emulator.core.requestsTo('executions.stop')[0];
      if (!stop || main.cancelledAtMs === undefined) throw new Error('the execution was not stopped after SIGINT');
      samples.push(stop.at - (main.spawnedAt + main.cancelledAtMs));
    } finally {
      await emulator.stop();
    }
  }
  return samples;
}

async function runCancelMs(): Promise<number[]> {
  const azurite = await startAzurite();
  const samples: number[] = [];
  try {
    for (let attempt = 0; attempt < RUNS; attempt++) {
      const emulator = await startEmulator();
      const workspace = mkdtempSync(join(tmpdir(), 'te-bench-cancel-'));
      try {
        await emulator.acr.attachAzurite(azurite);
        emulator.acr.addRegistry({ subscriptionId: SUBSCRIPTION, resourceGroup: 'rg', name: 'contosoregistry' });
        emulator.acr.script.outcome = 'hang';
        mkdirSync(join(workspace, 'app'));
        writeFileSync(join(workspace, 'Dockerfile'), 'FROM alpine:3.20\nCOPY app/ /app/\n');
        writeFileSync(join(workspace, 'app', 'migrate.sql'), 'select 1;\n');
        const { main } = await runStepWithPost({
          action: 'acr-remote-build',
          inputs: { 'subscription-id': SUBSCRIPTION, 'resource-group': 'rg', registry: 'contosoregistry', image: 'migrations:1.0.0', 'client-id': emulator.core.identity.clientId, 'tenant-id': emulator.core.identity.tenantId },
          env: emulator.env(),
          workspace,
          cancelWhen: (stdout) => stdout.includes('Step 1/'),
          timeoutMs: 60_000,
        });
        const run = [...emulator.acr.runs.values()][0];
        if (!run?.cancelRequestedAt || main.cancelledAtMs === undefined) throw new Error('the ACR run was not cancelled after SIGINT');
        samples.push(run.cancelRequestedAt - (main.spawnedAt + main.cancelledAtMs));
      } finally {
        await emulator.stop();
        rmSync(workspace, { recursive: true, force: true });
      }
    }
  } finally {
    await azurite.stop();
  }
  return samples;
}

const suite: BenchSuite = {
  name: 'cancellation',
  async run(): Promise<BenchRow[]> {
    const rows: BenchRow[] = [];
    for (const [metric, samples] of [
      ['SIGINT → job execution stop request (run-job-and-wait)', await executionStopMs()],
      ['SIGINT → ACR run cancel request (acr-remote-build)', await runCancelMs()],
    ] as const) {
      const worst = Math.max(...samples);
      rows.push({
        area: 'cancellation',
        metric: `${metric}, median / worst of ${samples.length}`,
        measured: `${(median(samples) / 1000).toFixed(2)} s / ${(worst / 1000).toFixed(2)} s`,
        target: '≤ 5 s',
        baseline: "runner's SIGTERM at 7.5 s",
        met: worst <= 5000,
      });
    }
    return rows;
  },
};
export default suite;
