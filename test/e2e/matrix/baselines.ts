import type { Emulator } from '../../emulator/index.ts';

/** The subscription, resource group and names every matrix scenario uses. */
export const SUBSCRIPTION = '34adfa4f-cedf-4dc0-ba29-b6d1a69ab345';
export const RESOURCE_GROUP = 'rg-migrations';
export const JOB = 'migrate-db';
export const REGISTRY = 'contosoregistry';
export const RUN_ID = '7001';
export const OLD_IMAGE = 'contoso.azurecr.io/migrations:1.4.1';
export const NEW_IMAGE = 'contoso.azurecr.io/migrations:1.4.2';
export const PG_RESOURCE_GROUP = 'rg-data';
export const PG_SERVER = 'pg-orders';
export const PG_TARGET = 'pg-orders-restored';

/** OIDC sign-in against the emulator's tenant and app registration. */
export function signIn(emulator: Emulator): Record<string, string> {
  return { 'client-id': emulator.core.identity.clientId, 'tenant-id': emulator.core.identity.tenantId };
}

/**
 * Inputs with which each action succeeds against an emulator arranged by its scenario: the row a
 * bad-input or fault case changes one thing of. Keyed by the action's folder.
 */
export const VALID_INPUTS: Record<string, (emulator: Emulator) => Record<string, string>> = {
  'update-job-image': (emulator) => ({ 'subscription-id': SUBSCRIPTION, 'resource-group': RESOURCE_GROUP, 'job-name': JOB, image: NEW_IMAGE, ...signIn(emulator) }),
  'run-job-and-wait': (emulator) => ({ 'subscription-id': SUBSCRIPTION, 'resource-group': RESOURCE_GROUP, 'job-name': JOB, 'poll-interval-seconds': '1', ...signIn(emulator) }),
  'stream-log-analytics': (emulator) => ({ 'subscription-id': SUBSCRIPTION, 'resource-group': RESOURCE_GROUP, 'job-name': JOB, 'execution-name': `${JOB}-abc1234`, 'grace-seconds': '1', ...signIn(emulator) }),
  'acr-remote-build': (emulator) => ({ 'subscription-id': SUBSCRIPTION, 'resource-group': RESOURCE_GROUP, registry: REGISTRY, image: 'migrations:1.4.2', ...signIn(emulator) }),
  'destroy-guard': () => ({ confirmation: 'PROD-DESTROY-CONFIRM', environment: 'production' }),
  'pg-restore-point': (emulator) => ({ 'subscription-id': SUBSCRIPTION, 'resource-group': PG_RESOURCE_GROUP, 'server-name': PG_SERVER, ...signIn(emulator) }),
  'pg-restore': (emulator) => ({
    'subscription-id': SUBSCRIPTION,
    'resource-group': PG_RESOURCE_GROUP,
    'source-server': PG_SERVER,
    'target-server': PG_TARGET,
    'restore-time': new Date(Date.now() - 3_600_000).toISOString(),
    ...signIn(emulator),
  }),
  'change-ticket-summary': () => ({ 'change-ticket': 'CHG-2026-001', action: 'deploy', environment: 'production', image: NEW_IMAGE }),
};
