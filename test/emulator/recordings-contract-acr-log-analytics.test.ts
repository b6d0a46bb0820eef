import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import https from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { c as createTar } from 'tar';
import { REPO_ROOT } from '../runner/run-step.ts';
import { startAzurite, type Azurite } from './azurite.ts';
import { startEmulator, type Emulator } from './index.ts';

/**
 * The emulator's ACR and Log Analytics answers hold against trimmed recordings of real traffic kept
 * in test/emulator/recordings/{acr,log-analytics}/ (each names its source repository and path):
 * every field the emulator returns has the recording's type, every field of the recording that
 * matters to a client is there, and any field the recording lacks is listed with its reason.
 */
const RECORDINGS = join(REPO_ROOT, 'test', 'emulator', 'recordings');
const SUBSCRIPTION = '34adfa4f-cedf-4dc0-ba29-b6d1a69ab345';
const REGISTRY = `/subscriptions/${SUBSCRIPTION}/resourceGroups/rg-builds/providers/Microsoft.ContainerRegistry/registries/contosoregistry`;

interface Recording {
  source: { repository: string; path: string; kind: string };
  response: { status: number; headers?: Record<string, string>; body?: any };
  outcomes?: Record<string, string>;
}
const recording = (file: string): Recording => JSON.parse(readFileSync(join(RECORDINGS, file), 'utf8'));

const kind = (value: unknown) => (value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value);

/** Fields of `actual` that the recording has with another type, or lacks (unless allowed), as paths. */
function shapeDifferences(actual: unknown, expected: unknown, allowedExtra: string[] = [], path = '$'): string[] {
  if (kind(expected) === 'null') return [];
  if (kind(actual) !== kind(expected)) return [`${path}: ${kind(actual)} where the recording has ${kind(expected)}`];
  if (Array.isArray(actual)) {
    const model = (expected as unknown[])[0];
    return model === undefined ? [] : [...new Set(actual.flatMap((item) => shapeDifferences(item, model, allowedExtra, `${path}[]`)))];
  }
  if (kind(actual) !== 'object') return [];
  const problems: string[] = [];
  for (const [key, value] of Object.entries(actual as Record<string, unknown>)) {
    const child = `${path}.${key}`;
    if (!(key in (expected as Record<string, unknown>))) {
      if (!allowedExtra.includes(child)) problems.push(`${child}: not in the recording`);
      continue;
    }
    problems.push(...shapeDifferences(value, (expected as Record<string, unknown>)[key], allowedExtra, child));
  }
  return problems;
}

/** Fields of the recording missing from `actual` (unless listed), as paths. */
function missingFields(actual: unknown, expected: unknown, notNeeded: string[] = [], path = '$'): string[] {
  if (kind(expected) === 'array' && kind(actual) === 'array') {
    const model = (expected as unknown[])[0];
    return model === undefined ? [] : [...new Set((actual as unknown[]).flatMap((item) => missingFields(item, model, notNeeded, `${path}[]`)))];
  }
  if (kind(expected) !== 'object' || kind(actual) !== 'object') return [];
  const problems: string[] = [];
  for (const [key, value] of Object.entries(expected as Record<string, unknown>)) {
    const child = `${path}.${key}`;
    if (notNeeded.includes(child)) continue;
    if (!(key in (actual as Record<string, unknown>))) problems.push(`${child}: missing`);
    else problems.push(...missingFields((actual as Record<string, unknown>)[key], value, notNeeded, child));
  }
  return problems;
}

let emulator: Emulator;
let azurite: Azurite;
let token: string;

async function call(method: string, path: string, body?: unknown): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: any }> {
  const url = new URL(path, emulator.url);
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { authorization: `Bearer ${token}` };
    if (body !== undefined) headers['content-type'] = 'application/json';
    const request = https.request(url, { method, ca: readFileSync(emulator.caFile), headers }, (response) => {
      let text = '';
      response.setEncoding('utf8').on('data', (chunk) => (text += chunk));
      response.on('end', () => {
        let parsed: unknown = text;
        try {
          parsed = text ? JSON.parse(text) : undefined;
        } catch {
          // not JSON
        }
        resolve({ status: response.statusCode ?? 0, headers: response.headers, body: parsed });
      });
    });
    request.on('error', reject);
    request.end(body === undefined ? undefined : JSON.stringify(body));
  });
}

const query = (text: string, workspace: string = emulator.logAnalytics.workspaceId) => call('POST', `/v1/workspaces/${workspace}/query`, { query: text });

/** Uploads a one-file build context and schedules a build; resolves with the run once it ended. */
async function build(outcome: 'Succeeded' | 'Failed') {
  emulator.acr.script = { ...emulator.acr.script, outcome, queueMs: 20, stepDelayMs: 10, logLagMs: 20 };
  const upload = await call('POST', `${REGISTRY}/listBuildSourceUploadUrl?api-version=2019-06-01-preview`);
  const dir = mkdtempSync(join(tmpdir(), 'te-contract-'));
  try {
    writeFileSync(join(dir, 'Dockerfile'), 'FROM scratch\nRUN true\n');
    const chunks: Buffer[] = [];
    for await (const chunk of createTar({ cwd: dir, gzip: true, portable: true }, ['Dockerfile'])) chunks.push(chunk as Buffer);
    await emulator.acr.blobs.getContainerClient('source').getBlockBlobClient(emulator.acr.uploads.get(upload.body.relativePath)!).uploadData(Buffer.concat(chunks));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const scheduled = await call('POST', `${REGISTRY}/scheduleRun?api-version=2019-06-01-preview`, {
    type: 'DockerBuildRequest',
    sourceLocation: upload.body.relativePath,
    dockerFilePath: 'Dockerfile',
    imageNames: ['migrations:1'],
    isPushEnabled: true,
    platform: { os: 'Linux', architecture: 'amd64' },
  });
  const run = emulator.acr.runs.get(scheduled.body.properties.runId)!;
  await run.done;
  for (let wait = 0; !run.logComplete && wait < 100; wait++) await new Promise((resolve) => setTimeout(resolve, 20));
  return { scheduled, run };
}

beforeAll(async () => {
  azurite = await startAzurite();
  emulator = await startEmulator();
  await emulator.acr.attachAzurite(azurite);
  emulator.acr.addRegistry({ subscriptionId: SUBSCRIPTION, resourceGroup: 'rg-builds', name: 'contosoregistry' });
  token = await emulator.core.keys.sign({ aud: emulator.url, iss: 'contract-test', sub: 'contract-test' }, 600);
});

afterAll(async () => {
  await emulator?.stop();
  await azurite?.stop();
});

describe('the recordings name their source', () => {
  const files = ['acr', 'log-analytics'].flatMap((dir) => readdirSync(join(RECORDINGS, dir)).map((file) => `${dir}/${file}`));
  test.each(files)('%s', (file) => {
    const { source, response } = recording(file);
    expect(source.repository).toMatch(/^Azure\/[\w.-]+$/);
    expect(source.path.length).toBeGreaterThan(5);
    expect(typeof response.status).toBe('number');
  });
  test('there are recordings for both services', () => {
    expect(files.filter((file) => file.startsWith('acr/')).length).toBeGreaterThanOrEqual(3);
    expect(files.filter((file) => file.startsWith('log-analytics/')).length).toBeGreaterThanOrEqual(3);
  });
});

describe('Log Analytics answers as recorded', () => {
  test('a query: 200 with tables[{name, columns[{name, type}], rows}]', async () => {
    const recorded = recording('log-analytics/query-200.json').response;
    const response = await query('ContainerAppConsoleLogs_CL | project TimeGenerated, Log_s | take 5');
    expect(response.status).toBe(recorded.status);
    expect(shapeDifferences(response.body, recorded.body)).toEqual([]);
    expect(missingFields(response.body, recorded.body)).toEqual([]);
    expect(response.body.tables[0].name).toBe('PrimaryResult');
    expect(response.body.tables[0].columns).toEqual([
      { name: 'TimeGenerated', type: 'datetime' },
      { name: 'Log_s', type: 'string' },
    ]);
  });

  test('a missing table: 400 BadArgumentError → SemanticError → SEM0100 naming the table', async () => {
    const recorded = recording('log-analytics/query-400-missing-table.json').response;
    const response = await query('ContainerAppConsoleLogs | where TimeGenerated >= datetime(2026-01-01T00:00:00Z)');
    expect(response.status).toBe(recorded.status);
    expect(shapeDifferences(response.body, recorded.body)).toEqual([]);
    expect(missingFields(response.body, recorded.body)).toEqual([]);
    const [outer, inner] = [response.body.error, response.body.error.innererror];
    expect([outer.code, inner.code, inner.innererror.code]).toEqual([recorded.body.error.code, recorded.body.error.innererror.code, recorded.body.error.innererror.innererror.code]);
    expect(inner.innererror.message).toBe(recorded.body.error.innererror.innererror.message.replace('AppInsights', 'ContainerAppConsoleLogs'));
  });

  test('a query the emulator cannot run is still a BadArgumentError', async () => {
    const response = await query('ContainerAppConsoleLogs_CL | summarize count()');
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('BadArgumentError');
  });

  test('a partial answer: 200 with tables and error PartialError (details[].innererror)', async () => {
    const recorded = recording('log-analytics/query-200-partial.json').response;
    emulator.logAnalytics.partialNext = 1;
    const response = await query('ContainerAppConsoleLogs_CL | project TimeGenerated, Log_s | take 5');
    expect(response.status).toBe(recorded.status);
    // The recorded answer's one column is a long; the emulator's columns are its own table's.
    expect(shapeDifferences(response.body.error, recorded.body.error)).toEqual([]);
    expect(missingFields(response.body, recorded.body)).toEqual([]);
    expect(response.body.error.code).toBe('PartialError');
    expect(response.body.error.details[0].code).toBe(recorded.body.error.details[0].code);
  });

  test('an unknown workspace: 404 PathNotFoundError with a correlationId', async () => {
    const recorded = recording('log-analytics/query-404-path.json').response;
    const response = await query('ContainerAppConsoleLogs_CL | take 1', 'bad_workspace_id');
    expect(response.status).toBe(recorded.status);
    expect(shapeDifferences(response.body, recorded.body)).toEqual([]);
    expect(missingFields(response.body, recorded.body)).toEqual([]);
  });
});

describe('ACR answers as recorded', () => {
  // Fields the emulator's run has that these recordings lack: outputImages (RunProperties in the
  // swagger; the recorded run failed before pushing) and agentPoolName (only with an agent pool).
  const extra = ['$.properties.outputImages', '$.properties.agentPoolName', '$.properties.runErrorMessage', '$.properties.runType', '$.properties.createTime', '$.properties.platform'];
  // Fields of the recordings no client here reads: systemData (ARM metadata) and agentConfiguration.
  const notNeeded = ['$.systemData', '$.properties.agentConfiguration', '$.properties.startTime'];

  test('scheduleRun and the run of a failed build, as Runs_Get answers it', async () => {
    const { scheduled, run } = await build('Failed');
    const recordedSchedule = recording('acr/schedule-run.json').response;
    expect(scheduled.status).toBe(recordedSchedule.status);
    expect(shapeDifferences(scheduled.body, recordedSchedule.body, extra)).toEqual([]);
    expect(missingFields(scheduled.body, recordedSchedule.body, notNeeded)).toEqual([]);
    const recordedRun = recording('acr/run-get-failed.json').response;
    const got = await call('GET', `${REGISTRY}/runs/${run.runId}?api-version=2019-06-01-preview`);
    expect(got.status).toBe(recordedRun.status);
    expect(shapeDifferences(got.body, recordedRun.body, extra)).toEqual([]);
    expect(missingFields(got.body, recordedRun.body, notNeeded)).toEqual([]);
    expect(got.body.properties.status).toBe('Failed');
  });

  test.each(['logLink', 'both', 'artifact'] as const)('listLogSasUrl answers RunGetLogResult (%s)', async (shape) => {
    const { run } = await build('Succeeded');
    emulator.acr.logLinks = shape;
    try {
      const recorded = recording('acr/list-log-sas-url.json').response;
      const response = await call('POST', `${REGISTRY}/runs/${run.runId}/listLogSasUrl?api-version=2019-06-01-preview`);
      expect(response.status).toBe(recorded.status);
      expect(shapeDifferences(response.body, { ...recorded.body, logArtifactLink: '' })).toEqual([]);
      expect(Object.keys(response.body).sort()).toEqual(shape === 'logLink' ? ['logLink'] : shape === 'artifact' ? ['logArtifactLink'] : ['logArtifactLink', 'logLink']);
      for (const link of Object.values(response.body) as string[]) expect(new URL(link).protocol).toBe('https:');
    } finally {
      emulator.acr.logLinks = 'logLink';
    }
  });

  test.each([
    ['Succeeded', 'Succeeded'],
    ['Failed', 'Failed'],
  ] as const)('the log blob of a %s run is marked Complete with the outcome word', async (outcome, status) => {
    const { run } = await build(outcome);
    const { outcomes, response: recorded } = recording('acr/log-blob-complete.json');
    const links = await call('POST', `${REGISTRY}/runs/${run.runId}/listLogSasUrl?api-version=2019-06-01-preview`);
    const head = await call('HEAD', new URL(links.body.logLink).pathname + new URL(links.body.logLink).search);
    expect(head.status).toBe(recorded.status);
    expect(head.headers['x-ms-blob-type']).toBe(recorded.headers!['x-ms-blob-type']);
    expect(head.headers['x-ms-meta-complete']).toBe(outcomes![status]);
  });
});
