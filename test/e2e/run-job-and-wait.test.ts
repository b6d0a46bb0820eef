import { startEmulator, type Emulator } from '../emulator/index.ts';
import { runStep, runStepWithPost, type StepOptions } from '../runner/run-step.ts';
import { expectNoSecrets } from './secret-scan.ts';

const SUBSCRIPTION = '34adfa4f-cedf-4dc0-ba29-b6d1a69ab345';
let emulator: Emulator;

function inputs(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    'subscription-id': SUBSCRIPTION,
    'resource-group': 'rg-migrations',
    'job-name': 'migrate-db',
    'poll-interval-seconds': '1',
    'client-id': emulator.core.identity.clientId,
    'tenant-id': emulator.core.identity.tenantId,
    ...overrides,
  };
}

const options = (overrides: Record<string, string> = {}, more: Partial<StepOptions> = {}): StepOptions => ({
  action: 'run-job-and-wait',
  inputs: inputs(overrides),
  env: emulator.env(),
  timeoutMs: 90_000,
  ...more,
});
const run = (overrides: Record<string, string> = {}, more: Partial<StepOptions> = {}) => runStep(options(overrides, more));

/** The job's own lines as the step displayed them, in order. */
function jobLines(log: string, pattern = /^line \d+$/): string[] {
  return log.split('\n').filter((line) => pattern.test(line));
}

beforeEach(async () => {
  emulator = await startEmulator();
  emulator.containerApps.addJob({ subscriptionId: SUBSCRIPTION, resourceGroup: 'rg-migrations', name: 'migrate-db', containers: [{ name: 'migrate', image: 'contoso.azurecr.io/migrations:1.4.1', args: ['up'], env: [{ name: 'LEVEL', value: 'info' }] }] });
});

afterEach(async () => {
  await emulator.stop();
});

describe('run-job-and-wait (committed bundle, emulator)', () => {
  test('success: starts one execution, streams its log once, outputs and summary', async () => {
    emulator.executions.script('migrate-db', { durationMs: 2500, finalStatus: 'Succeeded', lines: 40 });
    const result = await run();
    expect(result.errors).toEqual([]);
    expect(result.exitCode).toBe(0);
    expect(emulator.core.requestsTo('jobs.start')).toHaveLength(1);
    const name = result.outputs['execution-name']!;
    expect(name).toMatch(/^migrate-db-/);
    expect(result.outputs.status).toBe('Succeeded');
    expect(Number(result.outputs['duration-seconds'])).toBeGreaterThanOrEqual(1);
    expect(jobLines(result.log)).toEqual(Array.from({ length: 40 }, (_, index) => `line ${index + 1}`));
    expect(result.groups).toContain(`Logs of execution ${name}`);
    expect(result.summary).toContain('Succeeded');
    expect(result.summary).toContain('/executionHistory');
    // Never stopped: it ended on its own.
    expect(emulator.core.requestsTo('executions.stop')).toHaveLength(0);
    expectNoSecrets(result, emulator, [...emulator.executions.tokens.keys()]);
  });

  test('args and env override this execution only; the job template is unchanged', async () => {
    const result = await run({ args: 'migrate\n--target=v2 "quoted; $(rm -rf /)"', env: 'LEVEL=debug\nDRY_RUN=true' });
    expect(result.exitCode).toBe(0);
    const body = emulator.core.requestsTo('jobs.start')[0]!.body as { containers: { name: string; image: string; args: string[]; env: { name: string; value: string }[] }[] };
    expect(body.containers).toHaveLength(1);
    expect(body.containers[0]).toMatchObject({ name: 'migrate', image: 'contoso.azurecr.io/migrations:1.4.1', args: ['migrate', '--target=v2 "quoted; $(rm -rf /)"'] });
    expect(body.containers[0]!.env).toEqual([{ name: 'LEVEL', value: 'debug' }, { name: 'DRY_RUN', value: 'true' }]);
    const job = emulator.containerApps.job(SUBSCRIPTION, 'rg-migrations', 'migrate-db')!;
    expect(job.resource.properties.template.containers[0].args).toEqual(['up']);
    expect(emulator.core.requestsTo('jobs.patch')).toHaveLength(0);
  });

  test.each([
    ['Failed', 'ended with status Failed'],
    ['Degraded', 'ended with status Degraded'],
    ['Stopped', 'ended with status Stopped'],
  ] as const)('a %s execution fails the step', async (finalStatus, message) => {
    emulator.executions.script('migrate-db', { durationMs: 1200, finalStatus, lines: 3 });
    const result = await run({ 'stream-logs': 'false' });
    expect(result.exitCode).toBe(1);
    expect(result.outputs.status).toBe(finalStatus);
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]).toContain(message);
    expect(result.summary).toContain(finalStatus);
  });

  test('a status no client knows (opt-in fault: the enum is extensible) is reported and never taken as success', async () => {
    emulator.executions.script('migrate-db', { durationMs: 1200, finalStatus: 'Suspended', hang: false, lines: 1 });
    const result = await run({ 'stream-logs': 'false', 'timeout-minutes': '1' }, { cancelWhen: (stdout) => stdout.includes("reports the status 'Suspended'") });
    expect(result.exitCode).not.toBe(0);
    expect(result.annotations.some((annotation) => annotation.level === 'warning' && annotation.message.includes("'Suspended'"))).toBe(true);
    expect(result.outputs.status).toBeUndefined();
  });

  test('the recorded start (200 with {id, name}) and a first phase of Unknown, waited on without a warning', async () => {
    emulator.executions.unknownMs = 4000;
    emulator.executions.script('migrate-db', { durationMs: 1500, finalStatus: 'Succeeded', lines: 3 });
    const result = await run();
    expect(result.errors).toEqual([]);
    expect(result.exitCode).toBe(0);
    expect(emulator.core.requestsTo('jobs.start').map((request) => request.outcome)).toEqual([200]);
    expect(emulator.core.requestsTo('jobs.start.result')).toHaveLength(0);
    const name = result.outputs['execution-name']!;
    expect(result.log).toContain(`Execution ${name}: Unknown`);
    expect(result.log.indexOf(`Execution ${name}: Unknown`)).toBeLessThan(result.log.indexOf(`Execution ${name}: Running`));
    expect(result.annotations.filter((annotation) => annotation.level === 'warning')).toEqual([]);
    expect(jobLines(result.log)).toEqual(['line 1', 'line 2', 'line 3']);
    expect(result.outputs.status).toBe('Succeeded');
  });

  test('a start answered 202 + Location (opt-in shape) is followed with GETs; the POST is never sent again', async () => {
    emulator.executions.startShape = 'accepted';
    emulator.executions.startDelayMs = 2500;
    const result = await run({ 'stream-logs': 'false' });
    expect(result.errors).toEqual([]);
    expect(result.exitCode).toBe(0);
    expect(emulator.core.requestsTo('jobs.start').map((request) => request.outcome)).toEqual([202]);
    expect(emulator.core.requestsTo('jobs.start.result').length).toBeGreaterThanOrEqual(2);
    expect(emulator.executions.executions.size).toBe(1);
    expect(result.outputs['execution-name']).toBe([...emulator.executions.executions.values()][0]!.name);
  });

  test('timeout: the execution is stopped and the step fails', async () => {
    emulator.executions.script('migrate-db', { durationMs: 1000, finalStatus: 'Succeeded', hang: true, lines: 2 });
    emulator.executions.tokenLifetimeMs = 60 * 60_000;
    const result = await run({ 'timeout-minutes': '0.1', 'stream-logs': 'false' });
    expect(result.exitCode).toBe(1);
    expect(result.errors[0]).toContain('did not finish within 6 s (timeout-minutes) and was stopped');
    const stops = emulator.core.requestsTo('executions.stop');
    expect(stops).toHaveLength(1);
    const execution = [...emulator.executions.executions.values()][0]!;
    // The path real clients use, answered 200 at once; Stopped (without endTime) was seen before the step said so.
    expect(stops[0]!.path).toMatch(new RegExp(`/jobs/migrate-db/stop/${execution.name}$`));
    expect(stops[0]!.outcome).toBe(200);
    expect(execution.status).toBe('Stopped');
    expect(execution.endTime).toBeUndefined();
    const readsAfterStop = emulator.core.requestsTo('executions.get').filter((request) => request.at > stops[0]!.at);
    expect(readsAfterStop.length).toBeGreaterThanOrEqual(1);
    expect(readsAfterStop.at(-1)!.at).toBeGreaterThanOrEqual(execution.endedAt!);
    // ≤ 1 status call per poll: about 6 s / 1 s, and about one a second until the stop is confirmed (2 s).
    expect(emulator.core.requestsTo('executions.get').length).toBeLessThanOrEqual(12);
  });

  test('SIGINT stops the execution within 5 s; post then has nothing to do', async () => {
    emulator.executions.script('migrate-db', { durationMs: 1000, finalStatus: 'Succeeded', hang: true, lines: 5 });
    const { main, post } = await runStepWithPost(options({}, { cancelWhen: (stdout) => stdout.includes('line 5') }));
    expect(main.cancelledAtMs).toBeDefined();
    expect(main.exitCode).toBe(1);
    const stop = emulator.core.requestsTo('executions.stop')[0];
    expect(stop).toBeDefined();
    expect(stop!.at - (main.spawnedAt + main.cancelledAtMs!)).toBeLessThan(5000);
    expect(main.errors[0]).toContain('Cancelled (SIGINT)');
    expect(main.log).toContain('was stopped');
    expect(post!.exitCode).toBe(0);
    expect(emulator.core.requestsTo('executions.stop')).toHaveLength(1);
  });

  test('SIGINT: a stop not confirmed within the bounded wait is not reported as stopped; post confirms it', async () => {
    emulator.executions.script('migrate-db', { durationMs: 1000, finalStatus: 'Succeeded', hang: true, lines: 5 });
    emulator.executions.stopDelayMs = 7000;
    emulator.executions.stopAnswer = 'empty';
    const { main, post } = await runStepWithPost(options({ 'stream-logs': 'false' }, { cancelWhen: (stdout) => stdout.includes('Running') }));
    expect(main.exitCode).toBe(1);
    expect(main.log).toContain('was asked to stop but had not reported a final status yet');
    expect(main.log).not.toContain('was stopped');
    expect(post!.exitCode).toBe(0);
    expect(post!.log).toContain('was stopped');
    const execution = [...emulator.executions.executions.values()][0]!;
    expect(execution.status).toBe('Stopped');
    expect(emulator.core.requestsTo('executions.stop').map((request) => request.outcome)).toEqual([200, 200]);
  });

  test('the post step stops the execution when main could not', async () => {
    emulator.executions.script('migrate-db', { durationMs: 1000, finalStatus: 'Succeeded', hang: true, lines: 1 });
    // Main's own stop is refused once, as if it had been killed before it could stop the execution.
    emulator.inject({ route: 'executions.stop', status: 409, times: 1 });
    const { main, post } = await runStepWithPost(options({ 'stream-logs': 'false' }, { cancelWhen: (stdout) => stdout.includes('Running') }));
    expect(main.exitCode).toBe(1);
    expect(main.log).toContain('could not be stopped');
    expect(post).toBeDefined();
    expect(post!.exitCode).toBe(0);
    expect(post!.log).toContain('was stopped');
    const execution = [...emulator.executions.executions.values()][0]!;
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(execution.status).toBe('Stopped');
  });

  test('post does nothing after main saw the execution end', async () => {
    const { main, post } = await runStepWithPost(options({ 'stream-logs': 'false' }));
    expect(main.exitCode).toBe(0);
    expect(post!.exitCode).toBe(0);
    expect(post!.log).not.toContain('stopping it');
    expect(emulator.core.requestsTo('executions.stop')).toHaveLength(0);
  });

  test('429 and 5xx during polling are retried; the result is still exact', async () => {
    emulator.executions.script('migrate-db', { durationMs: 3000, finalStatus: 'Succeeded', lines: 3 });
    emulator.inject({ route: 'executions.get', status: 429, retryAfter: 1 }, { route: 'executions.get', status: 503 }, { route: 'executions.get', status: 500 });
    const result = await run({ 'stream-logs': 'false' });
    expect(result.errors).toEqual([]);
    expect(result.exitCode).toBe(0);
    expect(result.outputs.status).toBe('Succeeded');
    expect(emulator.core.requestsTo('executions.get').map((request) => request.outcome).slice(0, 3)).toEqual([429, 503, 500]);
    expect(result.log).toMatch(/HTTP 429; retrying in 1\.0 s/);
  });

  test('access tokens expiring during a long run are renewed with fresh ID tokens', async () => {
    emulator.core.identity.accessTokenLifetimeSeconds = 2;
    emulator.core.identity.idTokenLifetimeSeconds = 2;
    emulator.executions.script('migrate-db', { durationMs: 7000, finalStatus: 'Succeeded', lines: 14 });
    const result = await run();
    expect(result.errors).toEqual([]);
    expect(result.exitCode).toBe(0);
    expect(emulator.core.stats.accessTokensIssued).toBeGreaterThanOrEqual(2);
    const assertions = emulator.core.stats.assertionsAccepted;
    expect(new Set(assertions).size).toBe(assertions.length);
    expect(jobLines(result.log)).toHaveLength(14);
    expectNoSecrets(result, emulator, [...emulator.executions.tokens.keys()]);
  });

  describe('bad input fails before any network call, naming the input', () => {
    test.each([
      ['missing job name', { 'job-name': '' }, "Input 'job-name' is required but was empty"],
      ['job name breaking naming rules', { 'job-name': 'Migrate_DB' }, "Input 'job-name' has the value \"Migrate_DB\", which breaks Azure's naming rules"],
      ['timeout of 0', { 'timeout-minutes': '0' }, "Input 'timeout-minutes' has the value \"0\", which is not more than 0. Expected a number of minutes above 0 and at most 10080"],
      ['timeout as text', { 'timeout-minutes': 'ten' }, "Input 'timeout-minutes' has the value \"ten\", which is not a number. Expected a number of minutes"],
      ['env line without =', { env: 'LEVEL=debug\nDRY_RUN' }, "Input 'env' has line 2 without '=': \"DRY_RUN\""],
      ['bad workspace id', { 'workspace-id': 'my-workspace' }, "Input 'workspace-id' has the value \"my-workspace\""],
    ])('%s', async (_name, overrides, message) => {
      const result = await run(overrides);
      expect(result.exitCode).toBe(1);
      expect(result.errors).toHaveLength(1);
      expect(result.errors[0]).toContain(message);
      expect(emulator.core.requests).toHaveLength(0);
    });

    test('a job that does not exist', async () => {
      const result = await run({ 'job-name': 'no-such-job' });
      expect(result.exitCode).toBe(1);
      expect(result.errors[0]).toContain("Container Apps job 'no-such-job' was not found in resource group 'rg-migrations'");
      expect(emulator.core.requestsTo('jobs.start')).toHaveLength(0);
    });
  });
});
