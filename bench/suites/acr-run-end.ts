// ACR run end → step exit: the acr-remote-build bundle against the emulator (blobs in Azurite), from
// the run's terminal status (the emulator marks its log blob Complete with the outcome word 200 ms
// later, as ACR writes it) to the step's process exit.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startAzurite } from '../../test/emulator/azurite.ts';
import { startEmulator } from '../../test/emulator/index.ts';
import { runStep } from '../../test/runner/run-step.ts';
import { median, type BenchRow, type BenchSuite } from '../report.ts';

const SUBSCRIPTION = '34adfa4f-cedf-4dc0-ba29-b6d1a69ab345';
const RUNS = 4;

const suite: BenchSuite = {
  name: 'acr-run-end',
  async run(): Promise<BenchRow[]> {
    const azurite = await startAzurite();
    const emulator = await startEmulator();
    const workspace = mkdtempSync(join(tmpdir(), 'te-bench-acr-end-'));
    const samples: number[] = [];
    try {
      await emulator.acr.attachAzurite(azurite);
      emulator.acr.addRegistry({ subscriptionId: SUBSCRIPTION, resourceGroup: 'rg', name: 'contosoregistry' });
      mkdirSync(join(workspace, 'app'));
      writeFileSync(join(workspace, 'Dockerfile'), 'FROM mcr.microsoft.com/dotnet/runtime:8.0\nCOPY app/ /app/\nRUN true\n');
      writeFileSync(join(workspace, 'app', 'a.txt'), 'a');
      for (let run = 0; run < RUNS; run++) {
        // Vary the length so the end falls at different points of the 2 s log poll.
        emulator.acr.script = { ...emulator.acr.script, stepDelayMs: 300 + run * 170 };
        const result = await runStep({
          action: 'acr-remote-build',
          inputs: { 'subscription-id': SUBSCRIPTION, 'resource-group': 'rg', registry: 'contosoregistry', image: 'migrations:1', 'client-id': emulator.core.identity.clientId, 'tenant-id': emulator.core.identity.tenantId },
          env: emulator.env(),
          workspace,
        });
        if (result.exitCode !== 0) throw new Error(`acr-remote-build failed in the benchmark: ${result.errors.join('; ')}`);
        const finished = [...emulator.acr.runs.values()].at(-1)!;
        samples.push(result.spawnedAt + result.exitedAtMs - Date.parse(finished.finishTime!));
      }
    } finally {
      await emulator.stop();
      await azurite.stop();
      rmSync(workspace, { recursive: true, force: true });
    }
    const worst = Math.max(...samples);
    return [
      {
        area: 'acr-build',
        metric: `ACR run end → step exit (median / worst of ${RUNS})`,
        measured: `${(median(samples) / 1000).toFixed(2)} s / ${(worst / 1000).toFixed(2)} s`,
        target: '≤ 2 s',
        baseline: 'log blob Complete read as "true" only: 30 s grace + warning',
        met: worst <= 2000,
      },
    ];
  },
};

export default suite;
