import { readFileSync, readdirSync } from 'node:fs';
import { request } from 'node:https';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startEmulator, type Emulator } from './index.ts';

/** The PostgreSQL routes answer with the status, headers and body fields of the recordings they cite. */
const RECORDINGS = join(dirname(fileURLToPath(import.meta.url)), 'recordings', 'postgresql');
const SUBSCRIPTION = '34adfa4f-cedf-4dc0-ba29-b6d1a69ab345';
const SERVERS = `/subscriptions/${SUBSCRIPTION}/resourceGroups/rg/providers/Microsoft.DBforPostgreSQL/flexibleServers`;
const V = '?api-version=2024-08-01';
let emulator: Emulator;
let token: string;

const recording = (name: string) => JSON.parse(readFileSync(join(RECORDINGS, `${name}.json`), 'utf8'));
const keys = (value: Record<string, unknown>) => Object.keys(value).sort();

function call(method: string, path: string, body?: unknown): Promise<{ status: number; headers: Record<string, unknown>; body: any }> {
  const url = path.startsWith('https:') ? new URL(path) : new URL(path, emulator.url);
  return new Promise((resolve, reject) => {
    const req = request(url, { method, ca: readFileSync(emulator.caFile), headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' } }, (res) => {
      let text = '';
      res.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text ? JSON.parse(text) : undefined }));
    });
    req.on('error', reject);
    req.end(body === undefined ? undefined : JSON.stringify(body));
  });
}

async function until(url: string): Promise<any> {
  for (;;) {
    const answer = await call('GET', url);
    if (answer.body.status !== 'InProgress') return answer;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

beforeAll(async () => {
  emulator = await startEmulator();
  token = await emulator.core.keys.sign({ aud: emulator.core.base, sub: 'test' }, 600);
  emulator.postgres.backupDelayMs = 100;
  emulator.postgres.restoreDelayMs = 100;
  emulator.postgres.addServer({ subscriptionId: SUBSCRIPTION, resourceGroup: 'rg', name: 'pg-orders' });
});
afterAll(() => emulator.stop());

describe('PostgreSQL routes follow the recorded traffic', () => {
  test('every recording names its source', () => {
    for (const file of readdirSync(RECORDINGS)) {
      const { source } = JSON.parse(readFileSync(join(RECORDINGS, file), 'utf8'));
      expect({ file, repository: typeof source?.repository, path: typeof source?.path }).toEqual({ file, repository: 'string', path: 'string' });
    }
  });

  test('GET server: the recorded body fields; 404 ResourceNotFound for a missing one', async () => {
    const answer = await call('GET', `${SERVERS}/pg-orders${V}`);
    expect(answer.status).toBe(200);
    expect(keys(answer.body)).toEqual(keys(recording('server-get').response.body));
    expect(keys(answer.body.properties)).toEqual(keys(recording('server-get').response.body.properties));
    const missing = await call('GET', `${SERVERS}/pg-none${V}`);
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('ResourceNotFound');
  });

  test('PUT backup: 202 with Azure-AsyncOperation and Location, no Retry-After; status then backup as recorded', async () => {
    const recorded = recording('backup-create').response;
    const answer = await call('PUT', `${SERVERS}/pg-orders/backups/before-v2${V}`);
    expect(answer.status).toBe(recorded.status);
    expect(keys(answer.body)).toEqual(keys(recorded.body));
    expect(answer.body.operation).toBe('SnapshotManagementOperation');
    expect(answer.headers['azure-asyncoperation']).toMatch(/\/providers\/Microsoft\.DBforPostgreSQL\/locations\/canadacentral\/azureAsyncOperation\/[0-9a-f-]+\?api-version=2024-08-01$/);
    expect(answer.headers.location).toMatch(/\/locations\/canadacentral\/operationResults\//);
    expect(answer.headers['retry-after']).toBeUndefined();

    const status = await until(answer.headers['azure-asyncoperation'] as string);
    expect(keys(status.body)).toEqual(keys(recording('operation-status').responses.Succeeded.body));
    expect(status.body.status).toBe('Succeeded');
    const backup = await call('GET', `${SERVERS}/pg-orders/backups/before-v2${V}`);
    expect(keys(backup.body)).toEqual(keys(recording('backup-get').response.body));
    expect(backup.body.properties).toMatchObject({ backupType: 'Customer On-Demand', source: 'Customer Initiated' });
  });

  test('PUT server with createMode PointInTimeRestore: 202 as recorded, then a Ready server in the source location', async () => {
    const recorded = recording('restore-create').response;
    const answer = await call('PUT', `${SERVERS}/pg-orders-restored${V}`, {
      location: 'Canada Central',
      properties: { createMode: 'PointInTimeRestore', sourceServerResourceId: `${SERVERS}/pg-orders`, pointInTimeUTC: new Date(Date.now() - 60_000).toISOString() },
    });
    expect(answer.status).toBe(recorded.status);
    expect(answer.body.operation).toBe('RestoreSnapshotManagementOperation');
    expect(answer.headers['azure-asyncoperation']).toBeDefined();
    expect((await until(answer.headers['azure-asyncoperation'] as string)).body.status).toBe('Succeeded');
    const restored = await call('GET', `${SERVERS}/pg-orders-restored${V}`);
    expect(restored.body).toMatchObject({ location: 'Canada Central', properties: { state: 'Ready', fullyQualifiedDomainName: 'pg-orders-restored.postgres.database.azure.com' } });
  });
});
