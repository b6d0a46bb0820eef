// The production pipeline of .github/workflows/migration.yml (action: deploy) and the rollback of
// .github/workflows/rollback.yml, as steps the demo runs through the runner harness against the emulator.
import type { Emulator } from '../emulator/index.ts';
import type { EmbeddedPostgres, MigrationFile } from '../emulator/pglite-engine.ts';
import type { EmulatedServer } from '../emulator/postgres-state.ts';
import { BAD_RELEASE_MIGRATIONS, EXISTING_MIGRATIONS, RELEASE_MIGRATIONS } from './sample-project.ts';

export const SUBSCRIPTION = '34adfa4f-cedf-4dc0-ba29-b6d1a69ab345';
export const RESOURCE_GROUP = 'rg-migrations-prod';
export const JOB = 'migrate-db';
export const REGISTRY = 'contosoprod';
export const PG_SERVER = 'pg-orders-prod';
export const PG_RESTORED = 'pg-orders-prod-restored-7001';
export const CHANGE_TICKET = 'CHG-2026-001';
export const RELEASE_SHA = '4f1c2a9b7d3e5f60718293a4b5c6d7e8f9012345';
export const PREVIOUS_IMAGE = `${REGISTRY}.azurecr.io/migrations:1.4.1`;

/** Outputs of the steps so far, by step id (as `steps.<id>.outputs.<name>` reads them). */
export type StepOutputs = Record<string, Record<string, string>>;

/** What the steps need from the demo's world: the emulator and the real database behind the server. */
export interface DemoWorld {
  emulator: Emulator;
  database: EmbeddedPostgres;
  server: EmulatedServer;
}

export interface PipelineStep {
  /** The step id in the workflow. */
  id: string;
  action: string;
  title: string;
  /** Print the log live while the step runs. */
  stream: boolean;
  /** Emulator support this step needs; returns why it is missing, or undefined. */
  emulatorSupport?: (emulator: Emulator) => string | undefined;
  /** Scripts what the emulated Azure side will do. */
  prepare?: (world: DemoWorld) => void | Promise<void>;
  inputs: (emulator: Emulator, outputs: StepOutputs) => Record<string, string>;
}

const azure = (emulator: Emulator) => ({
  'subscription-id': SUBSCRIPTION,
  'client-id': emulator.core.identity.clientId,
  'tenant-id': emulator.core.identity.tenantId,
});

const ticket = (action: string, image: string): PipelineStep => ({
  id: 'ticket',
  action: 'change-ticket-summary',
  title: 'Record the change ticket',
  stream: false,
  inputs: () => ({ 'change-ticket': CHANGE_TICKET, action, environment: 'production', image, details: `job=${JOB}\nresource-group=${RESOURCE_GROUP}\ndatabase=${PG_SERVER}` }),
});

const restorePoint: PipelineStep = {
  id: 'restore_point',
  action: 'pg-restore-point',
  title: 'Restore point before the migration',
  stream: false,
  inputs: (emulator) => ({ ...azure(emulator), 'resource-group': RESOURCE_GROUP, 'server-name': PG_SERVER }),
};

function runMigrations(migrations: MigrationFile[]): PipelineStep {
  return {
    id: 'run',
    action: 'run-job-and-wait',
    title: 'Run the migration and wait',
    stream: true,
    prepare: ({ emulator, database, server }) => emulator.executions.script(JOB, { ...database.migrationScript(server, migrations, 1500), processingMs: 400 }),
    inputs: (emulator) => ({ ...azure(emulator), 'resource-group': RESOURCE_GROUP, 'job-name': JOB, args: 'deploy', 'poll-interval-seconds': '1', 'stream-logs': 'true' }),
  };
}


export const PROD_PIPELINE: PipelineStep[] = [
  ticket('deploy', `${REGISTRY}.azurecr.io/migrations:${RELEASE_SHA}`),
  {
    id: 'build',
    action: 'acr-remote-build',
    title: 'Build the image in Azure (ACR Tasks)',
    stream: true,
    emulatorSupport: (emulator) => ('acr' in emulator ? undefined : 'the emulator has no ACR Tasks routes yet'),
    prepare: ({ emulator }) => {
      emulator.acr.addRegistry({ subscriptionId: SUBSCRIPTION, resourceGroup: RESOURCE_GROUP, name: REGISTRY });
      emulator.acr.script = { outcome: 'Succeeded', queueMs: 400, stepDelayMs: 250, logLagMs: 300, extraLogLines: 0 };
    },
    inputs: (emulator) => ({ ...azure(emulator), 'resource-group': RESOURCE_GROUP, registry: REGISTRY, image: `migrations:${RELEASE_SHA}`, context: '.', dockerfile: 'Dockerfile', 'build-args': 'APP_VERSION=1.4.2' }),
  },
  {
    id: 'deploy',
    action: 'update-job-image',
    title: 'Point the job at the image',
    stream: false,
    // migration.yml deploys exactly the built digest, never the tag.
    inputs: (emulator, outputs) => ({ ...azure(emulator), 'resource-group': RESOURCE_GROUP, 'job-name': JOB, image: outputs.build?.['image-with-digest'] || `${REGISTRY}.azurecr.io/migrations:${RELEASE_SHA}` }),
  },
  restorePoint,
  runMigrations([...EXISTING_MIGRATIONS, ...RELEASE_MIGRATIONS]),
];

/** The bad release: deploy 1.5.0, take the restore point, run its migrations (one fails). */
export const BAD_RELEASE_PIPELINE: PipelineStep[] = [
  ticket('deploy', `${REGISTRY}.azurecr.io/migrations:1.5.0`),
  {
    id: 'deploy',
    action: 'update-job-image',
    title: 'Point the job at the image',
    stream: false,
    inputs: (emulator) => ({ ...azure(emulator), 'resource-group': RESOURCE_GROUP, 'job-name': JOB, image: `${REGISTRY}.azurecr.io/migrations:1.5.0` }),
  },
  restorePoint,
  runMigrations([...EXISTING_MIGRATIONS, ...BAD_RELEASE_MIGRATIONS]),
];

/** rollback.yml: the previous image back on the job, the data restored into a new server behind destroy-guard. */
export const ROLLBACK_PIPELINE: PipelineStep[] = [
  ticket('rollback', PREVIOUS_IMAGE),
  {
    id: 'image',
    action: 'update-job-image',
    title: 'Image rollback: the job back on the last good image',
    stream: false,
    inputs: (emulator, outputs) => ({ ...azure(emulator), 'resource-group': RESOURCE_GROUP, 'job-name': JOB, image: outputs.deploy?.['previous-image'] || PREVIOUS_IMAGE }),
  },
  {
    id: 'guard',
    action: 'destroy-guard',
    title: 'Guard the data rollback (typed confirmation, approval)',
    stream: false,
    prepare: ({ emulator }) => {
      // rollback.yml runs the data rollback in its own environment, so no approval of an earlier job counts.
      emulator.github.addEnvironment({ name: 'production-restore', reviewers: ['bob'], preventSelfReview: true });
      emulator.github.approve(7001, 'production-restore', 'bob');
    },
    inputs: () => ({ confirmation: 'PROD-DESTROY-CONFIRM', environment: 'production-restore' }),
  },
  {
    id: 'data',
    action: 'pg-restore',
    title: 'Data rollback: restore to a new server at the restore point',
    stream: false,
    inputs: (emulator, outputs) => ({
      ...azure(emulator),
      'resource-group': RESOURCE_GROUP,
      'source-server': PG_SERVER,
      'target-server': PG_RESTORED,
      'restore-time': outputs.restore_point?.['restore-time'] ?? '',
    }),
  },
];

