// npm run demo: runs the production pipeline (.github/workflows/migration.yml with action deploy) from the
// committed dist/ bundles through the runner harness against the local Azure + GitHub emulator, with a
// real PostgreSQL (PGlite) behind the flexible server, and prints what the Actions UI shows: each step's
// live log, outputs and step summary, then the run's result.
// npm run demo -- rollback: a release whose migration fails with PostgreSQL's own error (the red step),
// then rollback.yml: the previous image back on the job and the data restored into a new server.
// Exits non-zero when a step fails unexpectedly; prints INCOMPLETE (never Succeeded) while an action is
// not built yet.
import { rmSync } from 'node:fs';
import { startAzurite, type Azurite } from '../emulator/azurite.ts';
import { startEmulator } from '../emulator/index.ts';
import { EmbeddedPostgres } from '../emulator/pglite-engine.ts';
import { runStep, type StepResult } from '../runner/run-step.ts';
import { liveLog } from './live-log.ts';
import { presentStep } from './present.ts';
import {
  BAD_RELEASE_PIPELINE,
  CHANGE_TICKET,
  JOB,
  PG_RESTORED,
  PG_SERVER,
  PREVIOUS_IMAGE,
  PROD_PIPELINE,
  RELEASE_SHA,
  RESOURCE_GROUP,
  ROLLBACK_PIPELINE,
  SUBSCRIPTION,
  type DemoWorld,
  type PipelineStep,
  type StepOutputs,
} from './prod-pipeline.ts';
import { BAD_RELEASE_MIGRATIONS, EXISTING_MIGRATIONS, sampleProject, SEED_DATA } from './sample-project.ts';
import { missingPieces } from './step-availability.ts';

const scenario = process.argv[2] ?? 'deploy';
if (scenario !== 'deploy' && scenario !== 'rollback') {
  console.error(`Unknown demo "${scenario}". Use: npm run demo (the production deploy) or npm run demo -- rollback.`);
  process.exit(2);
}

const GITHUB = { repository: 'contoso/migrations', eventName: 'workflow_dispatch', ref: 'refs/heads/main', sha: RELEASE_SHA, workflow: 'prod', job: 'deploy', actor: 'alice', triggeringActor: 'alice' };

const emulator = await startEmulator();
const database = EmbeddedPostgres.attach(emulator.postgres);
// The checked-out repository (actions/checkout) the build packs, and the storage ACR Tasks uploads to.
const workspace = sampleProject(scenario === 'rollback' ? [...EXISTING_MIGRATIONS, ...BAD_RELEASE_MIGRATIONS] : undefined);
let azurite: Azurite | undefined;
const outputs: StepOutputs = {};
const unavailable: string[] = [];

interface Row {
  title: string;
  result: string;
  seconds: string;
}

/** Runs steps in order, as a job does: after a failure the rest are skipped. Returns whether all passed. */
async function runJob(steps: PipelineStep[], world: DemoWorld, rows: Row[]): Promise<boolean> {
  let failed = false;
  for (const step of steps) {
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
      await step.prepare?.(world);
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
  return !failed;
}

function printRows(title: string, rows: Row[]): void {
  console.log(`\n── ${title} ──`);
  for (const row of rows) console.log(`  ${row.result.padEnd(18)} ${row.seconds.padStart(5)}${row.seconds ? ' s' : '  '}  ${row.title}`);
}

async function showData(label: string, server: DemoWorld['server']): Promise<void> {
  const migrations = await database.query<{ version: string }>(server, 'SELECT version FROM schema_migrations ORDER BY version');
  const orders = await database.query<{ id: string; status: string; total: string }>(server, 'SELECT id::text, status, total::text FROM orders ORDER BY id');
  console.log(`  ${label}`);
  console.log(`    migrations: ${migrations.map((row) => row.version.replace(/^\d+_(\d+)_.*$/, '$1')).join(', ')}`);
  console.log(`    orders:     ${orders.map((row) => `${row.id} ${row.status} ${row.total}`).join(' | ')}`);
}

try {
  emulator.containerApps.addJob({ subscriptionId: SUBSCRIPTION, resourceGroup: RESOURCE_GROUP, name: JOB, containers: [{ name: 'migrate', image: PREVIOUS_IMAGE }] });
  const server = emulator.postgres.addServer({ subscriptionId: SUBSCRIPTION, resourceGroup: RESOURCE_GROUP, name: PG_SERVER, location: 'West Europe' });
  // Production as it was before this release: migrations 0001-0002 and its data.
  await database.migrate(server, EXISTING_MIGRATIONS);
  await database.exec(server, SEED_DATA);
  const world: DemoWorld = { emulator, database, server };
  console.log(`Local Azure + GitHub emulator at ${emulator.url} (TLS, OIDC federation for ${emulator.core.identity.subject})`);
  console.log(`PostgreSQL flexible server ${PG_SERVER}: a real PostgreSQL (PGlite) with migrations 0001-0002 applied`);

  if (scenario === 'deploy') {
    console.log(`\nRun "prod" on ${GITHUB.ref} by ${GITHUB.actor}: workflow_dispatch action=deploy change_ticket=${CHANGE_TICKET} restore_point=true`);
    console.log('Job "Build, deploy and run (production)" (environment: production, approved)');
    const rows: Row[] = [];
    const passed = await runJob(PROD_PIPELINE, world, rows);
    printRows('run summary', rows);
    console.log('  workflow outputs:');
    console.log(`    image          = ${outputs.deploy?.image ?? ''}`);
    console.log(`    restore_time   = ${outputs.restore_point?.['restore-time'] ?? ''}`);
    console.log(`    status         = ${outputs.run?.status ?? ''}`);
    console.log(`    execution_name = ${outputs.run?.['execution-name'] ?? ''}`);
    if (!passed) {
      console.log('\nPipeline FAILED.');
      process.exitCode = 1;
    } else if (unavailable.length) {
      console.log(`\nPipeline INCOMPLETE: steps not available yet: ${unavailable.join(', ')}.`);
    } else if (outputs.run?.status === 'Succeeded') {
      console.log('\nPipeline Succeeded.');
    } else {
      console.log(`\nPipeline FAILED: the job execution ended ${outputs.run?.status ?? 'without a status'}.`);
      process.exitCode = 1;
    }
  } else {
    console.log(`\nRun "prod" on ${GITHUB.ref} by ${GITHUB.actor}: workflow_dispatch action=deploy image=1.5.0 change_ticket=${CHANGE_TICKET} restore_point=true`);
    const release: Row[] = [];
    const releasePassed = await runJob(BAD_RELEASE_PIPELINE, world, release);
    printRows('release run', release);
    if (releasePassed || unavailable.length) {
      console.log(releasePassed ? '\nThe release was expected to fail and did not: nothing to roll back.' : `\nRollback INCOMPLETE: steps not available yet: ${unavailable.join(', ')}.`);
      process.exitCode = 1;
    } else {
      console.log(`\nThe migration failed (execution ${outputs.run?.['execution-name'] ?? '?'} ended ${outputs.run?.status ?? 'Failed'}). 0004 had already committed: the data is changed.`);
      console.log(`\nRun "rollback" (rollback.yml) by bob: image=${outputs.deploy?.['previous-image'] ?? PREVIOUS_IMAGE} (the last successful deployment) data_rollback=true restore_time=${outputs.restore_point?.['restore-time'] ?? ''}`);
      const rollback: Row[] = [];
      const rolledBack = await runJob(ROLLBACK_PIPELINE, world, rollback);
      printRows('rollback run', rollback);
      console.log('\n── data ──');
      await showData(`${PG_SERVER} (after the failed release)`, server);
      const restored = emulator.postgres.server(SUBSCRIPTION, RESOURCE_GROUP, PG_RESTORED);
      if (restored) await showData(`${PG_RESTORED} (restored to ${outputs.restore_point?.['restore-time'] ?? ''})`, restored);
      if (rolledBack && restored) {
        console.log(`\nSwitch the connection strings to ${outputs.data?.fqdn ?? PG_RESTORED} (the summary above says how), then retire ${PG_SERVER}.`);
        console.log('\nRollback Succeeded.');
      } else {
        console.log('\nRollback FAILED.');
        process.exitCode = 1;
      }
    }
  }
} finally {
  await database.close();
  await emulator.stop();
  await azurite?.stop();
  rmSync(workspace, { recursive: true, force: true });
}
