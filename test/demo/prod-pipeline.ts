// The production pipeline of .github/workflows/migration.yml (action: deploy), as steps the demo runs
// through the runner harness against the emulator.
import type { Emulator } from '../emulator/index.ts';

export const SUBSCRIPTION = '34adfa4f-cedf-4dc0-ba29-b6d1a69ab345';
export const RESOURCE_GROUP = 'rg-migrations-prod';
export const JOB = 'migrate-db';
export const REGISTRY = 'contosoprod';
export const CHANGE_TICKET = 'CHG-2026-001';
export const RELEASE_SHA = '4f1c2a9b7d3e5f60718293a4b5c6d7e8f9012345';

/** Outputs of the steps so far, by step id (as `steps.<id>.outputs.<name>` reads them). */
export type StepOutputs = Record<string, Record<string, string>>;

export interface PipelineStep {
  /** The step id in migration.yml. */
  id: string;
  action: string;
  title: string;
  /** Print the log live while the step runs. */
  stream: boolean;
  /** Emulator support this step needs; returns why it is missing, or undefined. */
  emulatorSupport?: (emulator: Emulator) => string | undefined;
  /** Scripts what the emulated Azure side will do. */
  prepare?: (emulator: Emulator) => void | Promise<void>;
  inputs: (emulator: Emulator, outputs: StepOutputs) => Record<string, string>;
}

const azure = (emulator: Emulator) => ({
  'subscription-id': SUBSCRIPTION,
  'client-id': emulator.core.identity.clientId,
  'tenant-id': emulator.core.identity.tenantId,
});

/** What the migration container prints (the job's own console log). */
export const MIGRATION_LOG = [
  'te-migrations 1.4.2 starting: action=deploy',
  'connecting to contoso-prod-sql.database.windows.net:1433 (Azure SQL, TLS 1.2, managed identity)',
  'connected; server version 12.0.2000.8, database migrations_prod',
  'acquired migration lock __schema_lock (timeout 300 s)',
  'current schema version 1.4.1; 3 migrations pending',
  'applying 20261101_0001_add_customer_tier.sql ...',
  '  ALTER TABLE dbo.Customer ADD Tier tinyint NOT NULL CONSTRAINT DF_Customer_Tier DEFAULT 0',
  'applied 20261101_0001_add_customer_tier.sql in 412 ms',
  'applying 20261108_0002_index_orders_by_customer.sql ...',
  '  CREATE INDEX IX_Order_CustomerId ON dbo.[Order](CustomerId) WITH (ONLINE = ON)',
  'applied 20261108_0002_index_orders_by_customer.sql in 1873 ms',
  'applying 20261115_0003_backfill_customer_tier.sql ...',
  '  backfilled 48213 rows in 5 batches',
  'applied 20261115_0003_backfill_customer_tier.sql in 960 ms',
  'schema version 1.4.1 -> 1.4.2',
  'released migration lock __schema_lock',
  'done: 3 migrations applied in 3.4 s',
];

export const PROD_PIPELINE: PipelineStep[] = [
  {
    id: 'ticket',
    action: 'change-ticket-summary',
    title: 'Record the change ticket',
    stream: false,
    inputs: () => ({
      'change-ticket': CHANGE_TICKET,
      action: 'deploy',
      environment: 'production',
      image: `${REGISTRY}.azurecr.io/migrations:${RELEASE_SHA}`,
      details: `job=${JOB}\nresource-group=${RESOURCE_GROUP}\nregistry=${REGISTRY}`,
    }),
  },
  {
    id: 'build',
    action: 'acr-remote-build',
    title: 'Build the image in Azure (ACR Tasks)',
    stream: true,
    emulatorSupport: (emulator) => ('acr' in emulator ? undefined : 'the emulator has no ACR Tasks routes yet'),
    prepare: (emulator) => {
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
    inputs: (emulator, outputs) => ({
      ...azure(emulator),
      'resource-group': RESOURCE_GROUP,
      'job-name': JOB,
      // migration.yml deploys exactly the built digest, never the tag.
      image: outputs.build?.['image-with-digest'] || `${REGISTRY}.azurecr.io/migrations:${RELEASE_SHA}`,
    }),
  },
  {
    id: 'run',
    action: 'run-job-and-wait',
    title: 'Run the migration and wait',
    stream: true,
    prepare: (emulator) => emulator.executions.script(JOB, { durationMs: 4000, processingMs: 600, finalStatus: 'Succeeded', lines: MIGRATION_LOG }),
    inputs: (emulator) => ({ ...azure(emulator), 'resource-group': RESOURCE_GROUP, 'job-name': JOB, args: 'deploy', 'poll-interval-seconds': '1', 'stream-logs': 'true' }),
  },
];
