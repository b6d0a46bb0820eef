// update-job-image: how many Azure Resource Manager requests one image update costs against the
// PATCH operation as recorded (azure-powershell src/App/App.Autorest/test/AzContainerAppJob.Recording.json:
// 202 + Location + Retry-After 5, one 202 poll with a new Location, then 200 with the job).
import { startEmulator } from '../../test/emulator/index.ts';
import { runStep } from '../../test/runner/run-step.ts';
import type { BenchRow, BenchSuite } from '../report.ts';

const SUBSCRIPTION = '34adfa4f-cedf-4dc0-ba29-b6d1a69ab345';
/** Identity and GitHub routes are not Azure Resource Manager calls. */
const NOT_ARM = /^(entra|github)\./;

async function armCallsForOneUpdate(): Promise<{ calls: string[]; polls: number }> {
  const emulator = await startEmulator();
  // Long enough for one 202 poll after the recorded 5 s Retry-After, as in the recording.
  emulator.containerApps.updateDelayMs = 7000;
  emulator.containerApps.addJob({ subscriptionId: SUBSCRIPTION, resourceGroup: 'rg', name: 'migrate-db', containers: [{ name: 'migrate', image: 'contoso.azurecr.io/m:1' }] });
  try {
    const result = await runStep({
      action: 'update-job-image',
      inputs: { 'subscription-id': SUBSCRIPTION, 'resource-group': 'rg', 'job-name': 'migrate-db', image: 'contoso.azurecr.io/m:2', 'client-id': emulator.core.identity.clientId, 'tenant-id': emulator.core.identity.tenantId },
      env: emulator.env(),
      timeoutMs: 60_000,
    });
    if (result.exitCode !== 0) throw new Error(`update-job-image failed in the benchmark: ${result.errors.join('; ')}`);
    const calls = emulator.core.requests.filter((request) => !NOT_ARM.test(request.routeId)).map((request) => request.routeId);
    return { calls, polls: calls.filter((route) => route === 'jobs.operation').length };
  } finally {
    await emulator.stop();
  }
}

const suite: BenchSuite = {
  name: 'image-update',
  async run(): Promise<BenchRow[]> {
    const { calls, polls } = await armCallsForOneUpdate();
    if (polls !== 2) throw new Error(`the benchmark expects the recorded two polls of the operation, saw ${polls}`);
    const target = 4; // read the job, PATCH it, the two polls the recorded operation takes
    return [
      {
        area: 'update-job-image',
        metric: 'ARM calls for one image update (recorded PATCH operation)',
        measured: `${calls.length} (${calls.join(', ')})`,
        target: `≤ ${target}: GET, PATCH, 2 polls; the final poll's job is not read again`,
        baseline: 'Update-AzContainerAppJob in the recording: 5 (environment GET, PATCH, 2 polls, job GET)',
        met: calls.length <= target,
      },
    ];
  },
};

export default suite;
