import { startEmulator, type Emulator } from '../emulator/index.ts';
import type { ExecutionScript } from '../emulator/executions-state.ts';
import { runStep } from '../runner/run-step.ts';
import { expectNoSecrets } from './secret-scan.ts';

const SUBSCRIPTION = '34adfa4f-cedf-4dc0-ba29-b6d1a69ab345';
let emulator: Emulator;

function inputs(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    'subscription-id': SUBSCRIPTION,
    'resource-group': 'rg-migrations',
    'job-name': 'migrate-db',
    'grace-seconds': '3',
    'client-id': emulator.core.identity.clientId,
    'tenant-id': emulator.core.identity.tenantId,
    ...overrides,
  };
}

const run = (overrides: Record<string, string> = {}) => runStep({ action: 'stream-log-analytics', inputs: inputs(overrides), env: emulator.env(), timeoutMs: 100_000 });

/** Starts an execution in the emulator and returns its name. */
function startExecution(script: ExecutionScript): string {
  emulator.executions.script('migrate-db', script);
  const job = emulator.containerApps.job(SUBSCRIPTION, 'rg-migrations', 'migrate-db')!;
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

beforeEach(async () => {
  emulator = await startEmulator();
  emulator.containerApps.addJob({ subscriptionId: SUBSCRIPTION, resourceGroup: 'rg-migrations', name: 'migrate-db', containers: [{ name: 'migrate', image: 'contoso.azurecr.io/migrations:1.4.1' }] });
});

afterEach(async () => {
  await emulator.stop();
});

describe('stream-log-analytics (committed bundle, emulator)', () => {
  test('lines ingested after the execution ended, late and out of order: all printed, none twice', async () => {
    emulator.logAnalytics.ingestionDelayMs = 2500;
    emulator.logAnalytics.outOfOrderMs = 1500;
    const name = startExecution({ durationMs: 800, finalStatus: 'Succeeded', lines: 200 });
    await until(() => emulator.executions.executions.get(name)!.status === 'Succeeded');
    const result = await run({ 'execution-name': name });
    expect(result.errors).toEqual([]);
    expect(result.exitCode).toBe(0);
    const lines = jobLines(result.log);
    expect(lines).toHaveLength(200);
    expect([...lines].sort()).toEqual([...expected(200)].sort());
    expect(result.outputs.lines).toBe('200');
    expect(emulator.core.requestsTo('loganalytics.query').length).toBeGreaterThanOrEqual(2);
    expectNoSecrets(result, emulator);
  });

  test('follows a running execution live; a broken live stream is completed from Log Analytics', async () => {
    emulator.executions.liveStreamBreakAfter = 25;
    emulator.logAnalytics.ingestionDelayMs = 1000;
    const name = startExecution({ durationMs: 4000, finalStatus: 'Failed', lines: 60 });
    const result = await run({ 'execution-name': name });
    expect(result.exitCode).toBe(0);
    const lines = jobLines(result.log);
    expect(lines).toHaveLength(60);
    expect(new Set(lines).size).toBe(60);
    expect(lines.slice(0, 25)).toEqual(expected(25));
    expect(emulator.core.requestsTo('executions.logstream').length).toBeGreaterThanOrEqual(1);
    expect(result.log).toContain('Failed');
    expectNoSecrets(result, emulator, [...emulator.executions.tokens.keys()]);
  });

  test('two identical lines at the same moment both print, once each', async () => {
    const name = startExecution({ durationMs: 300, finalStatus: 'Succeeded', lines: 0 });
    await until(() => emulator.executions.executions.get(name)!.status === 'Succeeded');
    const execution = emulator.executions.executions.get(name)!;
    const time = new Date().toISOString().replace(/Z$/, '1234Z');
    for (const log of ['same', 'same', 'other']) emulator.logAnalytics.append({ time, job: 'migrate-db', group: execution.replicaName, container: 'migrate', stream: 'stdout', log });
    const result = await run({ 'execution-name': name, 'grace-seconds': '4' });
    expect(result.exitCode).toBe(0);
    expect(result.log.split('\n').filter((line) => line === 'same')).toHaveLength(2);
    expect(result.log.split('\n').filter((line) => line === 'other')).toHaveLength(1);
    expect(result.outputs.lines).toBe('3');
    // Queried more than once (the grace period), yet nothing printed twice.
    expect(emulator.core.requestsTo('loganalytics.query').length).toBeGreaterThanOrEqual(2);
  });

  test('a workspace with only ContainerAppConsoleLogs (diagnostic settings) works too', async () => {
    emulator.logAnalytics.tablesPresent = { ContainerAppConsoleLogs_CL: false, ContainerAppConsoleLogs: true };
    const name = startExecution({ durationMs: 300, finalStatus: 'Succeeded', lines: 12 });
    await until(() => emulator.executions.executions.get(name)!.status === 'Succeeded');
    const result = await run({ 'execution-name': name, follow: 'false' });
    expect(result.exitCode).toBe(0);
    expect(jobLines(result.log)).toEqual(expected(12));
    const queries = emulator.core.requestsTo('loganalytics.query');
    expect(queries[0]!.outcome).toBe(400);
    expect(queries.some((query) => query.outcome === 200)).toBe(true);
  });

  test('100 000 lines: none lost, none duplicated, in order', async () => {
    const name = startExecution({ durationMs: 1500, finalStatus: 'Succeeded', lines: 100_000 });
    await until(() => emulator.executions.executions.get(name)!.status === 'Succeeded');
    const result = await run({ 'execution-name': name, 'grace-seconds': '1' });
    expect(result.exitCode).toBe(0);
    expect(result.outputs.lines).toBe('100000');
    const lines = jobLines(result.log);
    expect(lines.length).toBe(100_000);
    for (let index = 0; index < lines.length; index++) if (lines[index] !== `line ${index + 1}`) throw new Error(`line ${index + 1} is ${lines[index]}`);
  }, 120_000);

  test('an execution that does not exist is a clear error', async () => {
    const result = await run({ 'execution-name': 'migrate-db-nothere' });
    expect(result.exitCode).toBe(1);
    expect(result.errors[0]).toContain("Execution 'migrate-db-nothere' of Container Apps job 'migrate-db' was not found");
  });

  test.each([
    ['execution name with a quote', { 'execution-name': 'run"| take 1' }, "Input 'execution-name' has the value \"run\\\"| take 1\", which breaks Azure's naming rules"],
    ['grace-seconds as text', { 'execution-name': 'migrate-db-1', 'grace-seconds': 'soon' }, "Input 'grace-seconds' has the value \"soon\", which is not a whole number"],
    ['follow not a boolean', { 'execution-name': 'migrate-db-1', follow: 'yes' }, "Input 'follow' has the value \"yes\". Expected true or false"],
  ])('bad input: %s', async (_name, overrides, message) => {
    const result = await run(overrides);
    expect(result.exitCode).toBe(1);
    expect(result.errors[0]).toContain(message);
    expect(emulator.core.requests).toHaveLength(0);
  });
});
