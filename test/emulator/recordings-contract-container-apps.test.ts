import { readdirSync, readFileSync } from 'node:fs';
import https from 'node:https';
import { join } from 'node:path';
import { REPO_ROOT } from '../runner/run-step.ts';
import { startEmulator, type Emulator } from './index.ts';

/**
 * The emulator's Container Apps answers hold to the recorded real exchanges kept in
 * recordings/container-apps/ (each names its source): status, the headers that matter, the body's
 * shape (every recorded field present with the recorded JSON type) and the format of its times.
 */
const DIR = join(REPO_ROOT, 'test', 'emulator', 'recordings', 'container-apps');
const SUBSCRIPTION = '00000000-0000-0000-0000-000000000000';
const JOB_PATH = `/subscriptions/${SUBSCRIPTION}/resourceGroups/rg/providers/Microsoft.App/jobs/migrate-db`;
const V = 'api-version=2025-07-01';

interface RecordedResponse {
  status: number;
  headers: Record<string, string>;
  absentHeaders?: string[];
  body: unknown;
}
interface Recording {
  source: { repository: string; path: string; entries: string };
  exchanges: { request: { method: string; path: string; body?: unknown }; response: RecordedResponse }[];
}

const recording = (file: string): Recording => JSON.parse(readFileSync(join(DIR, file), 'utf8'));
const kind = (value: unknown) => (value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value);

/** How a time is written, for the formats recorded answers use; undefined when the text is not a time. */
function timeFormat(value: string): string | undefined {
  const match = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?$/.exec(value);
  if (!match) return undefined;
  return `${match[1] ? `fraction of ${match[1].length - 1} digits` : 'no fraction'}, ${match[2] ? (match[2] === 'Z' ? 'Z' : 'offset') : 'no zone'}`;
}

/** Where the emulator's body departs from the recorded one: a missing field, another JSON type, another time format. */
function departures(actual: unknown, recorded: unknown, path = '$'): string[] {
  if (kind(recorded) === 'null') return [];
  if (kind(actual) !== kind(recorded)) return [`${path}: ${kind(actual)} where the recording has ${kind(recorded)}`];
  if (typeof recorded === 'string') {
    const expected = timeFormat(recorded);
    const got = timeFormat(actual as string);
    return expected && got !== expected ? [`${path}: time written as ${got ?? `'${actual}'`} where the recording has ${expected}`] : [];
  }
  if (Array.isArray(recorded)) {
    const model = recorded[0];
    return model === undefined ? [] : (actual as unknown[]).flatMap((item, index) => departures(item, model, `${path}[${index}]`));
  }
  if (kind(recorded) !== 'object') return [];
  return Object.entries(recorded as Record<string, unknown>).flatMap(([key, value]) =>
    key in (actual as Record<string, unknown>) ? departures((actual as Record<string, unknown>)[key], value, `${path}.${key}`) : [`${path}.${key}: missing`],
  );
}

/** The parts of an operation URL that matter: its path with ids replaced, and its query's keys. */
function operationUrlShape(url: string): string {
  const parsed = new URL(url);
  const path = parsed.pathname.replace(/\/subscriptions\/[^/]+/, '/subscriptions/{sub}').replace(/\/locations\/[^/]+/, '/locations/{location}').replace(/[0-9a-f-]{36}$/, '{operation}');
  return `${path}?${[...parsed.searchParams.keys()].sort().join('&')}`;
}

let emulator: Emulator;
let token: string;

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  raw: string;
  body: unknown;
}

async function call(method: string, path: string, body?: unknown): Promise<Answer> {
  const url = new URL(path, emulator.url);
  return new Promise((resolve, reject) => {
    const request = https.request(url, { method, ca: readFileSync(emulator.caFile), headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' } }, (response) => {
      let raw = '';
      response.setEncoding('utf8').on('data', (chunk) => (raw += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, raw, body: raw ? JSON.parse(raw) : null }));
    });
    request.on('error', reject);
    request.end(body === undefined ? undefined : JSON.stringify(body));
  });
}

/** The emulator's answer against one recorded response: status, headers, body. */
function expectAsRecorded(answer: Answer, recorded: RecordedResponse): void {
  expect(answer.status).toBe(recorded.status);
  for (const [name, value] of Object.entries(recorded.headers)) {
    const got = answer.headers[name];
    expect({ header: name, present: got !== undefined }).toEqual({ header: name, present: true });
    if (name === 'location') expect(operationUrlShape(String(got))).toBe(operationUrlShape(value));
    else if (name === 'content-type') expect(String(got)).toMatch(/^application\/json/);
    else expect({ header: name, value: got }).toEqual({ header: name, value });
  }
  for (const name of recorded.absentHeaders ?? []) expect({ header: name, value: answer.headers[name] }).toEqual({ header: name, value: undefined });
  if (recorded.body === null) expect(answer.raw).toBe('');
  else expect(departures(answer.body, recorded.body)).toEqual([]);
}

beforeEach(async () => {
  emulator = await startEmulator();
  emulator.executions.defaultScript = { durationMs: 60_000, finalStatus: 'Succeeded', hang: true, lines: 2 };
  emulator.executions.workspaceId = '11111111-1111-1111-1111-111111111111';
  emulator.containerApps.addJob({ subscriptionId: SUBSCRIPTION, resourceGroup: 'rg', name: 'migrate-db', environmentName: 'migrations-env', containers: [{ name: 'migrate', image: 'contoso.azurecr.io/migrations:1.4.1' }] });
  token = await emulator.core.keys.sign({ aud: emulator.url, iss: 'contract-test', sub: 'contract-test' }, 600);
});

afterEach(async () => {
  await emulator.stop();
});

test('every fixture names its source repository and path', () => {
  const files = readdirSync(DIR).filter((file) => file.endsWith('.json'));
  expect(files.length).toBeGreaterThanOrEqual(4);
  for (const file of files) {
    const { source } = recording(file);
    expect({ file, repository: source.repository }).toEqual({ file, repository: expect.stringMatching(/^Azure\/azure-[a-z-]+$/) });
    expect(source.path.length).toBeGreaterThan(5);
  }
});

test('job PATCH: 202 + Location + Retry-After 5 and no body; each 202 poll a new Location; 200 with the job', async () => {
  const { exchanges } = recording('job-patch-long-running.json');
  emulator.containerApps.updateDelayMs = 400;
  const patch = await call('PATCH', `${JOB_PATH}?${V}`, exchanges[0]!.request.body);
  expectAsRecorded(patch, exchanges[0]!.response);
  const poll = await call('GET', String(patch.headers.location));
  expectAsRecorded(poll, exchanges[1]!.response);
  expect(poll.headers.location).not.toBe(patch.headers.location);
  await new Promise((resolve) => setTimeout(resolve, 500));
  const done = await call('GET', String(poll.headers.location));
  expectAsRecorded(done, exchanges[2]!.response);
  expect((done.body as { properties: { template: { containers: { image: string }[] } } }).properties.template.containers[0]!.image).toBe('contoso.azurecr.io/migrations:1.4.2');
});

test('job GET: systemData times without a zone, as recorded', async () => {
  const { exchanges } = recording('job-patch-long-running.json');
  const job = await call('GET', `${JOB_PATH}?${V}`);
  expect(job.status).toBe(200);
  expect(departures(job.body, exchanges[2]!.response.body)).toEqual([]);
});

test('managed environment GET: the Log Analytics workspace where the recording has it', async () => {
  const { exchanges } = recording('managed-environment-get.json');
  const environment = await call('GET', `${exchanges[0]!.request.path}?${V}`);
  expectAsRecorded(environment, exchanges[0]!.response);
});

test('start: 200 with {id, name} at once; the execution reads as recorded (startTime +00:00 without a fraction), Unknown first', async () => {
  // No recording of the start's answer is kept here; azure-cli's containerapp _clients.py
  // start_job (the code of a real client) takes the first answer's JSON as the execution.
  const start = await call('POST', `${JOB_PATH}/start?${V}`, {});
  expect(start.status).toBe(200);
  expect(start.headers.location).toBeUndefined();
  expect(start.headers['azure-asyncoperation']).toBeUndefined();
  const { id, name } = start.body as { id: string; name: string };
  expect(id).toBe(`${JOB_PATH}/executions/${name}`);
  const { exchanges } = recording('job-execution.json');
  const execution = await call('GET', `${JOB_PATH}/executions/${name}?${V}`);
  expectAsRecorded(execution, { ...exchanges[0]!.response, body: { ...(exchanges[0]!.response.body as object) } });
  expect((execution.body as { properties: { status: string } }).properties.status).toBe('Unknown');
});

test('stop: POST jobs/{job}/stop/{execution} answers 200 at once; Stopped only later, without endTime', async () => {
  const { exchanges } = recording('job-execution-stop.json');
  emulator.executions.unknownMs = 0;
  emulator.executions.stopDelayMs = 300;
  emulator.executions.stopAnswer = 'empty';
  const { name } = (await call('POST', `${JOB_PATH}/start?${V}`, {})).body as { name: string };
  const stop = await call('POST', `${JOB_PATH}/stop/${name}?${V}`);
  expectAsRecorded(stop, exchanges[0]!.response);
  const right = await call('GET', `${JOB_PATH}/executions/${name}?${V}`);
  expect((right.body as { properties: { status: string } }).properties.status).toBe('Running');
  await new Promise((resolve) => setTimeout(resolve, 500));
  const later = await call('GET', `${JOB_PATH}/executions/${name}?${V}`);
  expect((later.body as { properties: Record<string, unknown> }).properties).toMatchObject({ status: 'Stopped' });
  expect((later.body as { properties: Record<string, unknown> }).properties.endTime).toBeUndefined();
  // The other 200 body clients must accept: a JSON string.
  emulator.executions.stopAnswer = 'string';
  const again = await call('POST', `${JOB_PATH}/stop/${name}?${V}`);
  expect(again.status).toBe(200);
  expect(typeof again.body).toBe('string');
});

test('replicas and the log stream token are served at 2023-11-02-preview, the api-version their only real client sends', async () => {
  const { name } = (await call('POST', `${JOB_PATH}/start?${V}`, {})).body as { name: string };
  expect((await call('GET', `${JOB_PATH}/executions/${name}/replicas?${V}`)).status).toBe(400);
  expect((await call('POST', `${JOB_PATH}/getAuthToken?${V}`)).status).toBe(400);
  expect((await call('GET', `${JOB_PATH}/executions/${name}/replicas?api-version=2023-11-02-preview`)).status).toBe(200);
  const token = await call('POST', `${JOB_PATH}/getAuthToken?api-version=2023-11-02-preview`);
  expect(token.status).toBe(200);
  expect(Object.keys((token.body as { properties: object }).properties).sort()).toEqual(['expires', 'token']);
});
