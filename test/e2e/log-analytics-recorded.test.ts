import { startEmulator, type Emulator } from '../emulator/index.ts';
import type { ExecutionScript } from '../emulator/executions-state.ts';
import { runStep } from '../runner/run-step.ts';

// stream-log-analytics and run-job-and-wait against Log Analytics answering as recorded: a missing
// table as BadArgumentError → SemanticError → SEM0100, partial answers, rows ingested out of order,
// a live stream that is unavailable or closed while idle, and rows of a look-alike job.
const SUBSCRIPTION = '34adfa4f-cedf-4dc0-ba29-b6d1a69ab345';
let emulator: Emulator;

const base = () => ({
  'subscription-id': SUBSCRIPTION,
  'resource-group': 'rg-migrations',
  'job-name': 'migrate-db',
  'client-id': emulator.core.identity.clientId,
  'tenant-id': emulator.core.identity.tenantId,
});
const stream = (inputs: Record<string, string>) => runStep({ action: 'stream-log-analytics', inputs: { ...base(), 'grace-seconds': '3', ...inputs }, env: emulator.env(), timeoutMs: 100_000 });

function startExecution(script: ExecutionScript, jobName = 'migrate-db'): string {
  emulator.executions.script(jobName, script);
  const job = emulator.containerApps.job(SUBSCRIPTION, 'rg-migrations', jobName)!;
  return emulator.executions.start(job, structuredClone(job.resource.properties.template)).name;
}

async function until(condition: () => boolean, ms = 30_000): Promise<void> {
  const end = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const jobLines = (log: string) => log.split('\n').filter((line) => /^line \d+$/.test(line));
const expected = (count: number) => Array.from({ length: count }, (_, index) => `line ${index + 1}`);
const finished = (name: string) => until(() => Boolean(emulator.executions.executions.get(name)!.endTime));

beforeEach(async () => {
  emulator = await startEmulator();
  emulator.containerApps.addJob({ subscriptionId: SUBSCRIPTION, resourceGroup: 'rg-migrations', name: 'migrate-db', containers: [{ name: 'migrate', image: 'contoso.azurecr.io/migrations:1.4.1' }] });
});

afterEach(async () => {
  await emulator.stop();
});

describe('Log Analytics as recorded', () => {
  test.each([
    ['ContainerAppConsoleLogs missing', { ContainerAppConsoleLogs_CL: true, ContainerAppConsoleLogs: false }],
    ['ContainerAppConsoleLogs_CL missing', { ContainerAppConsoleLogs_CL: false, ContainerAppConsoleLogs: true }],
  ])('stream-log-analytics with one table missing (%s, recorded 400 chain)', async (_name, tables) => {
    emulator.logAnalytics.tablesPresent = tables;
    const name = startExecution({ durationMs: 300, finalStatus: 'Succeeded', lines: 15 });
    await finished(name);
    const result = await stream({ 'execution-name': name, follow: 'false' });
    expect(result.errors).toEqual([]);
    expect(result.exitCode).toBe(0);
    expect(jobLines(result.log)).toEqual(expected(15));
    const refused = emulator.core.requestsTo('loganalytics.query').filter((query) => query.outcome === 400);
    expect(refused.length).toBeGreaterThanOrEqual(1);
  });

  test('a query error that is not a missing table fails clearly, naming its codes and correlation id', async () => {
    const name = startExecution({ durationMs: 300, finalStatus: 'Succeeded', lines: 3 });
    await finished(name);
    emulator.inject({ route: 'loganalytics.query', status: 400, times: 10, body: { error: { message: 'The request had some invalid properties', code: 'BadArgumentError', correlationId: '5b1d2c7e-0000-4000-8000-000000000001', innererror: { code: 'SemanticError', message: 'A semantic error occurred.', innererror: { code: 'SEM0100', message: "'where' operator: Failed to resolve scalar expression named 'Nope'" } } } } });
    const result = await stream({ 'execution-name': name, follow: 'false' });
    expect(result.exitCode).toBe(1);
    expect(result.errors[0]).toContain('BadArgumentError / SemanticError / SEM0100');
    expect(result.errors[0]).toContain('5b1d2c7e-0000-4000-8000-000000000001');
  });

  test('partial answers (HTTP 200 with PartialError) are said, and asked again in narrower windows: no line lost', async () => {
    const name = startExecution({ durationMs: 1500, finalStatus: 'Succeeded', lines: 150 });
    await finished(name);
    emulator.logAnalytics.partialAboveRows = 40;
    const result = await stream({ 'execution-name': name });
    expect(result.errors).toEqual([]);
    expect(result.exitCode).toBe(0);
    expect(jobLines(result.log)).toEqual(expected(150));
    expect(result.log).toContain('Log Analytics answered a partial result');
    expect(result.log).toContain('PartialError');
    expect(emulator.logAnalytics.partialAnswers).toBeGreaterThan(0);
  });

  test('rows ingested out of order by more than one poll print in time order (live stream unavailable, said once)', async () => {
    emulator.logAnalytics.ingestionDelayMs = 500;
    emulator.logAnalytics.outOfOrderMs = 7000;
    // The log stream token cannot be had: the step says so once and follows Log Analytics.
    emulator.inject({ route: 'jobs.getAuthToken', status: 404, times: Infinity, body: { error: { code: 'NoRouteMatch', message: 'No route.' } } });
    const name = startExecution({ durationMs: 6000, finalStatus: 'Succeeded', lines: 60 });
    const result = await stream({ 'execution-name': name, 'grace-seconds': '9' });
    expect(result.errors).toEqual([]);
    expect(result.exitCode).toBe(0);
    expect(jobLines(result.log)).toEqual(expected(60));
    expect(result.log.split('\n').filter((line) => line.includes('The live log stream is not available'))).toHaveLength(1);
    // Lines came while the execution ran, not only after it.
    expect(emulator.core.requestsTo('loganalytics.query').some((query) => query.at < emulator.executions.executions.get(name)!.endedAt!)).toBe(true);
  }, 120_000);

  test('replicas that never list a log stream: said once, Log Analytics followed while the execution runs', async () => {
    emulator.logAnalytics.ingestionDelayMs = 300;
    emulator.inject({ route: 'executions.replicas', status: 404, times: Infinity, body: { error: { code: 'NoRouteMatch', message: 'No route.' } } });
    const name = startExecution({ durationMs: 30_000, finalStatus: 'Succeeded', lines: 30 });
    const result = await stream({ 'execution-name': name });
    expect(result.errors).toEqual([]);
    expect(result.exitCode).toBe(0);
    expect(jobLines(result.log)).toEqual(expected(30));
    expect(result.log.split('\n').filter((line) => line.includes('No live log stream of execution'))).toHaveLength(1);
    const endedAt = emulator.executions.executions.get(name)!.endedAt!;
    expect(emulator.core.requestsTo('loganalytics.query').filter((query) => query.at < endedAt).length).toBeGreaterThan(1);
  }, 120_000);

  test('a live stream the service closes while idle is reopened while the execution runs, no line lost', async () => {
    // No console log table: every line has to come from the live stream, reopened after each quiet close.
    emulator.logAnalytics.tablesPresent = { ContainerAppConsoleLogs_CL: false, ContainerAppConsoleLogs: false };
    emulator.executions.liveStreamIdleCloseMs = 400;
    const name = startExecution({ durationMs: 6000, finalStatus: 'Succeeded', lines: 8 });
    const result = await stream({ 'execution-name': name });
    expect(result.exitCode).toBe(0);
    expect(jobLines(result.log)).toEqual(expected(8));
    expect(result.log.split('\n').filter((line) => line.includes('was closed by the service while the execution runs'))).toHaveLength(1);
    expect(emulator.core.requestsTo('executions.logstream').length).toBeGreaterThan(1);
  }, 120_000);

  test.each([
    ['ContainerAppConsoleLogs_CL', { ContainerAppConsoleLogs_CL: true, ContainerAppConsoleLogs: false }],
    ['ContainerAppConsoleLogs', { ContainerAppConsoleLogs_CL: false, ContainerAppConsoleLogs: true }],
  ])('rows of a look-alike job (named like the execution) stay out (%s)', async (_name, tables) => {
    emulator.logAnalytics.tablesPresent = tables;
    const name = startExecution({ durationMs: 300, finalStatus: 'Succeeded', lines: 5 });
    await finished(name);
    // Another job named exactly like this execution: its replicas are named `<execution>-<suffix>-<suffix>`.
    const time = new Date().toISOString().replace(/Z$/, '0000Z');
    for (const log of ['intruder 1', 'intruder 2']) emulator.logAnalytics.append({ time, job: name, group: `${name}-f00ba12-x1y2z`, container: 'migrate', stream: 'stdout', log });
    const result = await stream({ 'execution-name': name, follow: 'false' });
    expect(result.exitCode).toBe(0);
    expect(jobLines(result.log)).toEqual(expected(5));
    expect(result.log).not.toContain('intruder');
    expect(result.outputs.lines).toBe('5');
  });
});
