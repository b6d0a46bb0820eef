// npm run demo: runs the production pipeline (.github/workflows/migration.yml with action deploy) from the
// committed dist/ bundles through the runner harness against the local Azure + GitHub emulator, and prints
// what the Actions UI shows: each step's live log, outputs and step summary, then the run's result.
// Exits non-zero when a step fails; prints INCOMPLETE (never Succeeded) while an action is not built yet.
import { rmSync } from 'node:fs';
import { startAzurite, type Azurite } from '../emulator/azurite.ts';
import { startEmulator } from '../emulator/index.ts';
import { runStep, type StepResult } from '../runner/run-step.ts';
import { liveLog } from './live-log.ts';
import { presentStep } from './present.ts';
import { CHANGE_TICKET, JOB, PROD_PIPELINE, RELEASE_SHA, RESOURCE_GROUP, SUBSCRIPTION, type StepOutputs } from './prod-pipeline.ts';
import { sampleProject } from './sample-project.ts';
import { missingPieces } from './step-availability.ts';

const GITHUB = { repository: 'contoso/migrations', eventName: 'workflow_dispatch', ref: 'refs/heads/main', sha: RELEASE_SHA, workflow: 'prod', job: 'deploy', actor: 'alice', triggeringActor: 'alice' };

const emulator = await startEmulator();
// The checked-out repository (actions/checkout) the build packs, and the storage ACR Tasks uploads to.
const workspace = sampleProject();
let azurite: Azurite | undefined;
const outputs: StepOutputs = {};
const rows: { title: string; result: string; seconds: string }[] = [];
let failed = false;
const unavailable: string[] = [];
try {
  emulator.containerApps.addJob({ subscriptionId: SUBSCRIPTION, resourceGroup: RESOURCE_GROUP, name: JOB, containers: [{ name: 'migrate', image: 'contosoprod.azurecr.io/migrations:1.4.1' }] });
  console.log(`Local Azure + GitHub emulator at ${emulator.url} (TLS, OIDC federation for ${emulator.core.identity.subject})`);
  console.log(`\nRun "prod" on ${GITHUB.ref} by ${GITHUB.actor}: workflow_dispatch action=deploy change_ticket=${CHANGE_TICKET}`);
  console.log('Job "Build, deploy and run (production)" (environment: production, approved)');

  for (const step of PROD_PIPELINE) {
    const label = `${step.title} (${step.action})`;
    if (failed) {
      rows.push({ title: label, result: 'skipped', seconds: '' });
      continue;
    }
    const missing = missingPieces(step.action) ?? step.emulatorSupport?.(emulator);
    if (missing) {
      unavailable.push(step.action);
      console.log(`\n⏭ ${label}: NOT AVAILABLE YET (${missing})`);
      rows.push({ title: label, result: 'not available yet', seconds: '' });
      continue;
    }
    try {
      if (step.action === 'acr-remote-build' && !azurite) {
        azurite = await startAzurite();
        await emulator.acr.attachAzurite(azurite);
      }
      await step.prepare?.(emulator);
    } catch (error) {
      console.log(`\n✗ ${label}: the emulator could not be prepared: ${error instanceof Error ? error.message.trim() : String(error)}`);
      rows.push({ title: label, result: 'failure', seconds: '' });
      failed = true;
      continue;
    }
    if (step.stream) console.log(`\n▶ ${label}`);
    const live = step.stream ? liveLog() : undefined;
    const result: StepResult = await runStep({ action: step.action, inputs: step.inputs(emulator, outputs), env: emulator.env(), github: GITHUB, workspace, timeoutMs: 5 * 60_000, onStdout: live ? (chunk) => live.write(chunk) : undefined });
    live?.end();
    presentStep(label, result, { logShown: step.stream });
    outputs[step.id] = result.outputs;
    rows.push({ title: label, result: result.exitCode === 0 ? 'success' : 'failure', seconds: (result.durationMs / 1000).toFixed(1) });
    if (result.exitCode !== 0) failed = true;
  }

  console.log('\n── run summary ──');
  for (const row of rows) console.log(`  ${row.result.padEnd(18)} ${row.seconds.padStart(5)}${row.seconds ? ' s' : '  '}  ${row.title}`);
  console.log('  workflow outputs:');
  console.log(`    image          = ${outputs.deploy?.image ?? ''}`);
  console.log(`    status         = ${outputs.run?.status ?? ''}`);
  console.log(`    execution_name = ${outputs.run?.['execution-name'] ?? ''}`);
  if (failed) {
    console.log('\nPipeline FAILED.');
    process.exitCode = 1;
  } else if (unavailable.length) {
    // Nothing failed, but the pipeline did not run whole: never reported as Succeeded.
    console.log(`\nPipeline INCOMPLETE: steps not available yet: ${unavailable.join(', ')}.`);
  } else if (outputs.run?.status === 'Succeeded') {
    console.log('\nPipeline Succeeded.');
  } else {
    console.log(`\nPipeline FAILED: the job execution ended ${outputs.run?.status ?? 'without a status'}.`);
    process.exitCode = 1;
  }
} finally {
  await emulator.stop();
  await azurite?.stop();
  rmSync(workspace, { recursive: true, force: true });
}
