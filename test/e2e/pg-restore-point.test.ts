import { startEmulator, type Emulator } from '../emulator/index.ts';
import { runStep } from '../runner/run-step.ts';
import { expectNoSecrets } from './secret-scan.ts';

const SUBSCRIPTION = '34adfa4f-cedf-4dc0-ba29-b6d1a69ab345';
const SERVER_ID = `/subscriptions/${SUBSCRIPTION}/resourceGroups/rg-data/providers/Microsoft.DBforPostgreSQL/flexibleServers/pg-orders`;
const EARLIEST = '2026-11-24T08:00:00.1234567+00:00';
let emulator: Emulator;

const inputs = (overrides: Record<string, string> = {}) => ({
  'subscription-id': SUBSCRIPTION,
  'resource-group': 'rg-data',
  'server-name': 'pg-orders',
  'client-id': emulator.core.identity.clientId,
  'tenant-id': emulator.core.identity.tenantId,
  ...overrides,
});
const run = (overrides: Record<string, string> = {}, timeoutMs = 60_000) => runStep({ action: 'pg-restore-point', inputs: inputs(overrides), env: emulator.env(), timeoutMs });
/** Requests that change something in Azure (the sign-in POST is not one). */
const writes = () => emulator.core.requests.filter((request) => request.routeId.startsWith('postgres.') && request.method !== 'GET');

beforeEach(async () => {
  emulator = await startEmulator();
  emulator.postgres.backupDelayMs = 300;
  emulator.postgres.addServer({ subscriptionId: SUBSCRIPTION, resourceGroup: 'rg-data', name: 'pg-orders', earliestRestoreDate: EARLIEST });
});

afterEach(async () => {
  await emulator.stop();
});

describe('pg-restore-point (committed bundle, runner environment, emulator over TLS with OIDC)', () => {
  test('takes an on-demand backup, waits for it and outputs a restore time between its completion and the step end', async () => {
    const result = await run();
    expect(result.errors).toEqual([]);
    expect(result.exitCode).toBe(0);
    const ended = result.spawnedAt + result.exitedAtMs;

    const puts = emulator.core.requestsTo('postgres.backup.put');
    expect(puts).toHaveLength(1);
    expect(puts[0]!.path).toBe(`${SERVER_ID}/backups/pre-migration-7001-1`);
    expect(puts[0]!.query).toBe('?api-version=2024-08-01');
    expect(puts[0]!.body).toBeUndefined();
    expect(writes()).toHaveLength(1);
    expect(emulator.core.requestsTo('postgres.operation').length).toBeGreaterThanOrEqual(1);
    // The server was read before anything was written.
    expect(emulator.core.requestsTo('postgres.server.get')[0]!.at).toBeLessThan(puts[0]!.at);

    const backup = emulator.postgres.server(SUBSCRIPTION, 'rg-data', 'pg-orders')!.backups.get('pre-migration-7001-1')!;
    const completed = new Date(backup.resource.properties.completedTime).getTime();
    const restoreTime = new Date(result.outputs['restore-time']!).getTime();
    expect(result.outputs['restore-time']).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(restoreTime).toBeGreaterThanOrEqual(Math.floor(completed / 1000) * 1000);
    expect(restoreTime).toBeLessThanOrEqual(ended);
    expect(result.outputs).toMatchObject({ 'backup-name': 'pre-migration-7001-1', 'earliest-restore-time': '2026-11-24T08:00:00.123Z', 'server-id': SERVER_ID });

    expect(result.summary).toContain('pg-orders');
    expect(result.summary).toContain(result.outputs['restore-time']);
    expect(result.summary).toContain('pg-restore');
    expect(result.summary).toContain('](https://portal.azure.com/#resource/subscriptions/');
    expectNoSecrets(result, emulator);
  });

  test('a second attempt of the run gets its own backup name; backup-name overrides it', async () => {
    const second = await runStep({ action: 'pg-restore-point', inputs: inputs(), env: emulator.env(), github: { runAttempt: '2' }, timeoutMs: 60_000 });
    expect(second.outputs['backup-name']).toBe('pre-migration-7001-2');
    const named = await run({ 'backup-name': 'before-orders-v42' });
    expect(named.exitCode).toBe(0);
    expect(named.outputs['backup-name']).toBe('before-orders-v42');
    expect(emulator.core.requestsTo('postgres.backup.put').map((request) => request.path.split('/').pop())).toEqual(['pre-migration-7001-2', 'before-orders-v42']);
  });

  test('mode timestamp only records the time: no backup request', async () => {
    const before = Date.now();
    const result = await run({ mode: 'timestamp' });
    expect(result.errors).toEqual([]);
    expect(result.exitCode).toBe(0);
    expect(writes()).toEqual([]);
    const restoreTime = new Date(result.outputs['restore-time']!).getTime();
    expect(restoreTime).toBeGreaterThanOrEqual(before - 1000);
    expect(restoreTime).toBeLessThanOrEqual(result.spawnedAt + result.exitedAtMs);
    expect(result.outputs['backup-name']).toBe('');
    expect(result.summary).toContain('time recorded');
  });

  test.each(['Stopped', 'Updating', 'Disabled'])('a server in state %s is refused, naming the state, with no backup request', async (state) => {
    emulator.postgres.server(SUBSCRIPTION, 'rg-data', 'pg-orders')!.resource.properties.state = state;
    const result = await run();
    expect(result.exitCode).toBe(1);
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]).toContain(`PostgreSQL server 'pg-orders' is in state '${state}', not 'Ready'`);
    expect(writes()).toEqual([]);
    expectNoSecrets(result, emulator);
  });

  test('a server that does not exist is a clear error naming server-name, with no write', async () => {
    const result = await run({ 'server-name': 'pg-missing' });
    expect(result.exitCode).toBe(1);
    expect(result.errors[0]).toContain("PostgreSQL flexible server 'pg-missing' was not found in resource group 'rg-data'");
    expect(result.errors[0]).toContain('Check server-name');
    expect(writes()).toEqual([]);
  });

  test('a 429 on an operation poll is honoured (Retry-After) and the backup still completes', async () => {
    emulator.postgres.backupDelayMs = 1500;
    emulator.inject({ route: 'postgres.operation', status: 429, retryAfter: 1 });
    const result = await run();
    expect(result.errors).toEqual([]);
    expect(result.exitCode).toBe(0);
    const polls = emulator.core.requestsTo('postgres.operation');
    expect(polls[0]!.outcome).toBe(429);
    expect(polls[1]!.at - polls[0]!.at).toBeGreaterThanOrEqual(900);
    expect(result.log).toMatch(/HTTP 429; retrying in 1\.0 s/);
    expect(emulator.core.requestsTo('postgres.backup.put')).toHaveLength(1);
  });

  test('a 429 on the backup PUT is retried (not processed); a 500 is not, so a backup is never started twice', async () => {
    emulator.inject({ route: 'postgres.backup.put', status: 429, retryAfter: 1 });
    const throttled = await run();
    expect(throttled.exitCode).toBe(0);
    expect(emulator.core.requestsTo('postgres.backup.put').map((request) => request.outcome)).toEqual([429, 202]);

    emulator.core.requests.length = 0;
    emulator.inject({ route: 'postgres.backup.put', status: 500 });
    const failed = await run({ 'backup-name': 'second' });
    expect(failed.exitCode).toBe(1);
    expect(failed.errors[0]).toContain("Starting On-demand backup 'second' of server pg-orders failed: HTTP 500");
    expect(emulator.core.requestsTo('postgres.backup.put')).toHaveLength(1);
  });

  test('a backup operation that fails in Azure fails the step with the service error', async () => {
    emulator.postgres.failNextBackup = { code: 'BackupFailed', message: 'The on-demand backup could not be taken.' };
    const result = await run();
    expect(result.exitCode).toBe(1);
    expect(result.errors).toEqual(["On-demand backup 'pre-migration-7001-1' of server pg-orders failed in Azure: BackupFailed: The on-demand backup could not be taken."]);
    expect(result.outputs['restore-time']).toBeUndefined();
  });

  test('a backup that outlives timeout-minutes fails clearly, saying it may still complete', async () => {
    emulator.postgres.backupDelayMs = 10 * 60_000;
    const result = await run({ 'timeout-minutes': '1' }, 120_000);
    expect(result.exitCode).toBe(1);
    expect(result.errors[0]).toContain("On-demand backup 'pre-migration-7001-1' of server pg-orders did not finish within 60 s.");
    expect(result.errors[0]).toContain('may still complete');
    expect(result.outputs['restore-time']).toBeUndefined();
  }, 150_000);
});
