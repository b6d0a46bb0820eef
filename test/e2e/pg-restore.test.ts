import { startEmulator, type Emulator } from '../emulator/index.ts';
import { runStep } from '../runner/run-step.ts';
import { expectNoSecrets } from './secret-scan.ts';

const SUBSCRIPTION = '34adfa4f-cedf-4dc0-ba29-b6d1a69ab345';
const PROVIDER = `/subscriptions/${SUBSCRIPTION}/resourceGroups/rg-data/providers/Microsoft.DBforPostgreSQL/flexibleServers`;
let emulator: Emulator;
let restoreTime: string;

const inputs = (overrides: Record<string, string> = {}) => ({
  'subscription-id': SUBSCRIPTION,
  'resource-group': 'rg-data',
  'source-server': 'pg-orders',
  'target-server': 'pg-orders-restored',
  'restore-time': restoreTime,
  'client-id': emulator.core.identity.clientId,
  'tenant-id': emulator.core.identity.tenantId,
  ...overrides,
});
const run = (overrides: Record<string, string> = {}) => runStep({ action: 'pg-restore', inputs: inputs(overrides), env: emulator.env(), timeoutMs: 90_000 });
const writes = () => emulator.core.requests.filter((request) => request.routeId.startsWith('postgres.') && request.method !== 'GET');

beforeEach(async () => {
  emulator = await startEmulator();
  emulator.postgres.restoreDelayMs = 400;
  emulator.postgres.addServer({ subscriptionId: SUBSCRIPTION, resourceGroup: 'rg-data', name: 'pg-orders', location: 'West Europe', earliestRestoreDate: new Date(Date.now() - 7 * 86_400_000).toISOString() });
  restoreTime = new Date(Date.now() - 3_600_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
});

afterEach(async () => {
  await emulator.stop();
});

describe('pg-restore (committed bundle, runner environment, emulator over TLS with OIDC)', () => {
  test('restores into a new server in the source location, waits until Ready and outputs its id and host', async () => {
    const result = await run();
    expect(result.errors).toEqual([]);
    expect(result.exitCode).toBe(0);

    const puts = emulator.core.requestsTo('postgres.server.put');
    expect(writes()).toEqual(puts);
    expect(puts).toHaveLength(1);
    expect(puts[0]!.path).toBe(`${PROVIDER}/pg-orders-restored`);
    expect(puts[0]!.body).toEqual({
      location: 'West Europe',
      properties: { createMode: 'PointInTimeRestore', sourceServerResourceId: `${PROVIDER}/pg-orders`, pointInTimeUTC: new Date(restoreTime).toISOString() },
    });
    // Refusals are checked first: the source and the target were read before the write.
    const reads = emulator.core.requestsTo('postgres.server.get');
    expect(reads.slice(0, 2).map((request) => request.path)).toEqual([`${PROVIDER}/pg-orders`, `${PROVIDER}/pg-orders-restored`]);
    expect(reads[1]!.at).toBeLessThan(puts[0]!.at);

    const target = emulator.postgres.server(SUBSCRIPTION, 'rg-data', 'pg-orders-restored')!;
    expect(target.resource.properties.state).toBe('Ready');
    expect(result.outputs).toEqual({ 'target-server-id': `${PROVIDER}/pg-orders-restored`, fqdn: 'pg-orders-restored.postgres.database.azure.com' });
    expect(result.summary).toContain('pg-orders-restored.postgres.database.azure.com');
    expect(result.summary).toContain('connection string');
    expectNoSecrets(result, emulator);
  });

  test('waits for the new server to become Ready after the operation succeeded', async () => {
    emulator.postgres.readyAfterRestoreMs = 2500;
    const result = await run();
    expect(result.exitCode).toBe(0);
    const target = emulator.postgres.server(SUBSCRIPTION, 'rg-data', 'pg-orders-restored')!;
    expect(target.resource.properties.state).toBe('Ready');
    const lastRead = emulator.core.requestsTo('postgres.server.get').at(-1)!;
    expect(lastRead.path).toBe(`${PROVIDER}/pg-orders-restored`);
    expect(lastRead.at - emulator.core.requestsTo('postgres.server.put')[0]!.at).toBeGreaterThanOrEqual(2000);
  });

  test('a target server that exists is refused before any write', async () => {
    emulator.postgres.addServer({ subscriptionId: SUBSCRIPTION, resourceGroup: 'rg-data', name: 'pg-orders-restored' });
    const result = await run();
    expect(result.exitCode).toBe(1);
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]).toContain("Target server 'pg-orders-restored' already exists (state Ready)");
    expect(writes()).toEqual([]);
  });

  test('a restore-time before the source earliestRestoreDate is refused, naming restore-time, before any write', async () => {
    const result = await run({ 'restore-time': new Date(Date.now() - 30 * 86_400_000).toISOString() });
    expect(result.exitCode).toBe(1);
    expect(result.errors[0]).toMatch(/^Input 'restore-time' is .+, which is before the earliest restore time of server 'pg-orders'/);
    expect(writes()).toEqual([]);
  });

  test('a restore-time in the future is refused, naming restore-time, before any write', async () => {
    const result = await run({ 'restore-time': new Date(Date.now() + 3_600_000).toISOString() });
    expect(result.exitCode).toBe(1);
    expect(result.errors[0]).toMatch(/^Input 'restore-time' is .+, which is in the future/);
    expect(writes()).toEqual([]);
  });

  test('a source that is not Ready is refused, naming its state, before any write', async () => {
    emulator.postgres.server(SUBSCRIPTION, 'rg-data', 'pg-orders')!.resource.properties.state = 'Stopped';
    const result = await run();
    expect(result.exitCode).toBe(1);
    expect(result.errors[0]).toContain("PostgreSQL server 'pg-orders' is in state 'Stopped', not 'Ready'");
    expect(writes()).toEqual([]);
  });

  test('a missing source is a clear error naming source-server, before any write', async () => {
    const result = await run({ 'source-server': 'pg-gone' });
    expect(result.exitCode).toBe(1);
    expect(result.errors[0]).toContain("PostgreSQL flexible server 'pg-gone' was not found");
    expect(result.errors[0]).toContain('Check source-server');
    expect(writes()).toEqual([]);
  });

  test('a 429 on a poll is honoured and the restore completes', async () => {
    emulator.postgres.restoreDelayMs = 1500;
    emulator.inject({ route: 'postgres.operation', status: 429, retryAfter: 1 });
    const result = await run();
    expect(result.errors).toEqual([]);
    expect(result.exitCode).toBe(0);
    const polls = emulator.core.requestsTo('postgres.operation');
    expect(polls[0]!.outcome).toBe(429);
    expect(polls[1]!.at - polls[0]!.at).toBeGreaterThanOrEqual(900);
    expect(emulator.core.requestsTo('postgres.server.put')).toHaveLength(1);
  });

  test('a restore operation that fails in Azure fails the step with the service error', async () => {
    emulator.postgres.failNextRestore = { code: 'RestoreFailed', message: 'The point-in-time restore failed.' };
    const result = await run();
    expect(result.exitCode).toBe(1);
    expect(result.errors).toEqual(['Point-in-time restore of pg-orders into pg-orders-restored failed in Azure: RestoreFailed: The point-in-time restore failed.']);
    expect(result.outputs).toEqual({});
  });

  test('the source is never written to', async () => {
    await run();
    expect(writes().filter((request) => request.path.startsWith(`${PROVIDER}/pg-orders`) && !request.path.startsWith(`${PROVIDER}/pg-orders-restored`))).toEqual([]);
  });
});
