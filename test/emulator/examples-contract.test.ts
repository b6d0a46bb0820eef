import { readFileSync } from 'node:fs';
import https from 'node:https';
import { join } from 'node:path';
import { REPO_ROOT } from '../runner/run-step.ts';
import { startEmulator, type Emulator } from './index.ts';

/**
 * The emulator's response bodies follow the official examples in ../shared/azure-api: every field
 * the emulator returns has the example's type, and any field the example lacks is listed here with
 * the reason it exists in the real API.
 */
const API = join(REPO_ROOT, '..', 'shared', 'azure-api');
const SUBSCRIPTION = '34adfa4f-cedf-4dc0-ba29-b6d1a69ab345';
const BASE = `/subscriptions/${SUBSCRIPTION}/resourceGroups/rg/providers/Microsoft.App`;
const V = 'api-version=2025-07-01';

function example(file: string, status = '200'): { headers?: Record<string, string>; body?: unknown } {
  return JSON.parse(readFileSync(join(API, file), 'utf8')).responses[status];
}

const kind = (value: unknown) => (value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value);

/** Differences between the emulator's body and the example's, as readable paths. */
function shapeDifferences(actual: unknown, expected: unknown, allowedExtra: string[], path = '$'): string[] {
  if (kind(expected) === 'null') return [];
  if (kind(actual) !== kind(expected)) return [`${path}: ${kind(actual)} where the example has ${kind(expected)}`];
  if (Array.isArray(actual)) {
    const model = (expected as unknown[])[0];
    return model === undefined ? [] : actual.flatMap((item, index) => shapeDifferences(item, model, allowedExtra, `${path}[${index}]`).map((line) => line.replace(`${path}[${index}]`, `${path}[]`)));
  }
  if (kind(actual) !== 'object') return [];
  const problems: string[] = [];
  for (const [key, value] of Object.entries(actual as Record<string, unknown>)) {
    const child = `${path}.${key}`;
    if (!(key in (expected as Record<string, unknown>))) {
      if (!allowedExtra.includes(child.replace(/\[\d+\]/g, '[]'))) problems.push(`${child}: not in the example`);
      continue;
    }
    problems.push(...shapeDifferences(value, (expected as Record<string, unknown>)[key], allowedExtra, child));
  }
  return [...new Set(problems)];
}

let emulator: Emulator;
let token: string;

async function call(method: string, path: string, body?: unknown): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: any }> {
  const url = new URL(path, emulator.url);
  return new Promise((resolve, reject) => {
    const request = https.request(url, { method, ca: readFileSync(emulator.caFile), headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' } }, (response) => {
      let text = '';
      response.setEncoding('utf8').on('data', (chunk) => (text += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: text ? JSON.parse(text) : undefined }));
    });
    request.on('error', reject);
    request.end(body === undefined ? undefined : JSON.stringify(body));
  });
}

async function finalResult(location: string): Promise<{ status: number; body: any }> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const response = await call('GET', location);
    if (response.status !== 202) return response;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('operation did not finish');
}

beforeAll(async () => {
  emulator = await startEmulator();
  emulator.executions.startDelayMs = 50;
  emulator.executions.stopDelayMs = 50;
  emulator.executions.defaultScript = { durationMs: 60_000, finalStatus: 'Succeeded', hang: true, lines: 2 };
  emulator.containerApps.addJob({ subscriptionId: SUBSCRIPTION, resourceGroup: 'rg', name: 'testcontainerappsjob0', containers: [{ name: 'testcontainerappsjob0', image: 'repo/testcontainerappsjob0:v4' }] });
  token = await emulator.core.keys.sign({ aud: emulator.url, iss: 'contract-test', sub: 'contract-test' }, 600);
});

afterAll(async () => {
  await emulator.stop();
});

describe('emulator bodies follow the official examples (../shared/azure-api)', () => {
  let executionName = '';

  test('Jobs_Get', async () => {
    const response = await call('GET', `${BASE}/jobs/testcontainerappsjob0?${V}`);
    expect(response.status).toBe(200);
    // secrets (JobConfiguration.secrets, values never returned) and args/env are in the swagger, not in this example.
    expect(shapeDifferences(response.body, example('containerapps/Job_Get.json').body, ['$.properties.configuration.secrets'])).toEqual([]);
  });

  test('Jobs_Update: 202 with Azure-AsyncOperation like the example', async () => {
    const response = await call('PATCH', `${BASE}/jobs/testcontainerappsjob0?${V}`, { properties: { template: { containers: [{ name: 'testcontainerappsjob0', image: 'repo/testcontainerappsjob0:v5' }] } } });
    expect(response.status).toBe(202);
    const headers = example('containerapps/Job_Patch.json', '202').headers!;
    expect(Object.keys(headers)).toEqual(['azure-asyncoperation']);
    expect(String(response.headers['azure-asyncoperation'])).toMatch(/\/subscriptions\/[^/]+\/providers\/Microsoft\.App\/locations\/eastus\/containerappsjobOperationResults\/[^/?]+\?api-version=2025-07-01$/);
  });

  test('Jobs_Start: 202 + Location, final body {name, id}', async () => {
    const response = await call('POST', `${BASE}/jobs/testcontainerappsjob0/start?${V}`, JSON.parse(readFileSync(join(API, 'containerapps/Job_Start.json'), 'utf8')).parameters.template);
    expect(response.status).toBe(202);
    expect(Object.keys(example('containerapps/Job_Start.json', '202').headers!)).toEqual(['Location']);
    expect(response.headers.location).toBeDefined();
    const final = await finalResult(String(response.headers.location));
    expect(final.status).toBe(200);
    expect(shapeDifferences(final.body, example('containerapps/Job_Start.json').body, [])).toEqual([]);
    expect(Object.keys(final.body).sort()).toEqual(['id', 'name']);
    executionName = final.body.name;
  });

  test('JobExecution get and list', async () => {
    const one = await call('GET', `${BASE}/jobs/testcontainerappsjob0/executions/${executionName}?${V}`);
    expect(one.status).toBe(200);
    // id and type are part of the JobExecution model (a proxy resource) though this example omits them.
    const extra = ['$.id', '$.type', '$.value[].id', '$.value[].type'];
    const expected = example('containerapps/Job_Execution_Get.json').body as { properties: Record<string, unknown> };
    expect(shapeDifferences(one.body, expected, extra)).toEqual([]);
    expect(['Running', 'Processing', 'Stopped', 'Degraded', 'Failed', 'Unknown', 'Succeeded']).toContain(one.body.properties.status);
    const list = await call('GET', `${BASE}/jobs/testcontainerappsjob0/executions?${V}`);
    expect(shapeDifferences(list.body, example('containerapps/Job_Executions_Get.json').body, extra)).toEqual([]);
    expect(list.body.nextLink).toBeNull();
  });

  test('Jobs_StopExecution: 202 + Location, then Stopped', async () => {
    const response = await call('POST', `${BASE}/jobs/testcontainerappsjob0/executions/${executionName}/stop?${V}`);
    expect(response.status).toBe(202);
    expect(Object.keys(example('containerapps/Job_Stop_Execution.json', '202').headers!)).toEqual(['Location']);
    const final = await finalResult(String(response.headers.location));
    expect(final.status).toBe(200);
    const after = await call('GET', `${BASE}/jobs/testcontainerappsjob0/executions/${executionName}?${V}`);
    expect(after.body.properties.status).toBe('Stopped');
    expect(typeof after.body.properties.endTime).toBe('string');
  });

  test('ManagedEnvironments_Get with appLogsConfiguration (as in the CreateOrUpdate example)', async () => {
    const response = await call('GET', `${BASE}/managedEnvironments/demokube?${V}`);
    expect(response.status).toBe(200);
    const get = structuredClone(example('containerapps/ManagedEnvironments_Get.json').body) as { properties: Record<string, unknown> };
    const created = example('containerapps/ManagedEnvironments_CreateOrUpdate.json').body as { properties: Record<string, unknown> };
    get.properties.appLogsConfiguration = created.properties.appLogsConfiguration;
    expect(shapeDifferences(response.body, get, ['$.properties.appLogsConfiguration.destination'])).toEqual([]);
    expect(response.body.properties.appLogsConfiguration.logAnalyticsConfiguration.customerId).toBe(emulator.logAnalytics.workspaceId);
  });

  test('Log Analytics query: tables, columns {name, type}, rows', async () => {
    const response = await call('POST', `/v1/workspaces/${emulator.logAnalytics.workspaceId}/query`, { query: 'ContainerAppConsoleLogs_CL | project TimeGenerated, Log_s | take 5' });
    expect(response.status).toBe(200);
    expect(shapeDifferences(response.body, example('loganalytics/v1/oms-post-example.json').body, [])).toEqual([]);
    expect(response.body.tables[0].columns).toEqual([{ name: 'TimeGenerated', type: 'datetime' }, { name: 'Log_s', type: 'string' }]);
    const bad = await call('POST', `/v1/workspaces/${emulator.logAnalytics.workspaceId}/query`, { query: 'ContainerAppConsoleLogs_CL | summarize count()' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('BadArgumentError');
  });
});
