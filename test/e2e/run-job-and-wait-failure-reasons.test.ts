import { readFileSync } from 'node:fs';
import { startEmulator, type Emulator } from '../emulator/index.ts';
import { runStep, type StepOptions } from '../runner/run-step.ts';
import { expectNoSecrets } from './secret-scan.ts';

const SUBSCRIPTION = '34adfa4f-cedf-4dc0-ba29-b6d1a69ab345';
const IMAGE = 'contoso.azurecr.io/migrations:1.4.1';
let emulator: Emulator;

const options = (overrides: Record<string, string> = {}, more: Partial<StepOptions> = {}): StepOptions => ({
  action: 'run-job-and-wait',
  inputs: {
    'subscription-id': SUBSCRIPTION,
    'resource-group': 'rg-migrations',
    'job-name': 'migrate-db',
    'poll-interval-seconds': '1',
    'client-id': emulator.core.identity.clientId,
    'tenant-id': emulator.core.identity.tenantId,
    ...overrides,
  },
  env: emulator.env(),
  timeoutMs: 110_000,
  ...more,
});
const run = (overrides: Record<string, string> = {}, more: Partial<StepOptions> = {}) => runStep(options(overrides, more));

/** A migration that fails on its 25th line, on stderr, as psql reports a missing relation. */
const MIGRATION_LINES = [
  ...Array.from({ length: 23 }, (_, index) => `applying 00${String(index + 1).padStart(2, '0')}_step.sql`),
  'a line with ``` and <b>markup</b>',
  'ERROR:  relation "customer_tier" does not exist',
];

beforeEach(async () => {
  emulator = await startEmulator();
  emulator.containerApps.addJob({ subscriptionId: SUBSCRIPTION, resourceGroup: 'rg-migrations', name: 'migrate-db', containers: [{ name: 'migrate', image: IMAGE, args: ['up'] }] });
});

afterEach(async () => {
  await emulator.stop();
});

describe('run-job-and-wait says why an execution failed (committed bundle, emulator)', () => {
  test.each([
    ['ContainerAppSystemLogs_CL', 'ContainerAppConsoleLogs_CL'],
    ['ContainerAppSystemLogs', 'ContainerAppConsoleLogs'],
  ] as const)('exit code from %s and the last console error line, in the annotation, the output and the summary', async (systemTable, consoleTable) => {
    emulator.logAnalytics.tablesPresent = { ContainerAppConsoleLogs_CL: false, ContainerAppConsoleLogs: false, [consoleTable]: true };
    emulator.systemLogs.tablesPresent = { ContainerAppSystemLogs_CL: false, ContainerAppSystemLogs: false, [systemTable]: true };
    emulator.executions.script('migrate-db', { durationMs: 1500, finalStatus: 'Failed', lines: MIGRATION_LINES, stderrEvery: MIGRATION_LINES.length, failure: { kind: 'exit-code', exitCode: 3 } });
    const result = await run();
    expect(result.exitCode).toBe(1);
    const reason = 'container migrate exited with code 3: ERROR: relation "customer_tier" does not exist';
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]).toBe(`Execution ${result.outputs['execution-name']} of job migrate-db ended with status Failed: ${reason}`);
    expect(result.outputs['failure-reason']).toBe(reason);
    expect(result.outputs.status).toBe('Failed');
    // The system log was read through the escaping KQL builder, for this execution's replicas.
    const query = emulator.logAnalytics.queries.find((text) => text.startsWith(`${systemTable} |`));
    expect(query).toContain(`startswith "${result.outputs['execution-name']}-"`);
    // Summary: the reason and the last 20 console lines, in a details block, escaped.
    expect(result.summary).toContain('| **Reason** | container migrate exited with code 3: ERROR: relation "customer\\_tier" does not exist |');
    expect(result.summary).toContain('<details><summary>Last 20 console lines</summary>');
    const details = result.summary.slice(result.summary.indexOf('<details>'), result.summary.indexOf('</details>'));
    expect(details).toContain('ERROR:  relation "customer_tier" does not exist');
    expect(details).toContain('applying 0006_step.sql');
    expect(details).not.toContain('applying 0005_step.sql');
    expect(details).not.toContain('with ``` and');
    expect(details).toContain('<b>markup</b>');
    expectNoSecrets(result, emulator, [...emulator.executions.tokens.keys()]);
  });

  test('system log rows that arrive late are waited for', async () => {
    emulator.systemLogs.ingestionDelayMs = 4000;
    emulator.executions.script('migrate-db', { durationMs: 1000, finalStatus: 'Failed', lines: MIGRATION_LINES, failure: { kind: 'exit-code', exitCode: 3 } });
    const result = await run();
    expect(result.exitCode).toBe(1);
    expect(result.outputs['failure-reason']).toBe('container migrate exited with code 3: ERROR: relation "customer_tier" does not exist');
    expect(emulator.logAnalytics.queries.filter((text) => text.startsWith('ContainerAppSystemLogs_CL |')).length).toBeGreaterThan(2);
  });

  test('an image that cannot be pulled, from the system log', async () => {
    emulator.executions.script('migrate-db', { durationMs: 1000, finalStatus: 'Failed', lines: 0, failure: { kind: 'image-pull' } });
    emulator.executions.replicaLingerMs = 0;
    const result = await run({ 'stream-logs': 'false' });
    expect(result.exitCode).toBe(1);
    expect(result.outputs['failure-reason']).toBe(`container migrate could not pull its image ${IMAGE}: Container 'migrate' was terminated with exit code '' and reason 'ImagePullFailure'`);
    expect(result.errors[0]).toContain('ended with status Failed: container migrate could not pull its image');
  });

  test('an image that cannot be pulled, from the replica container state when no system log table exists', async () => {
    emulator.systemLogs.tablesPresent = { ContainerAppSystemLogs_CL: false, ContainerAppSystemLogs: false };
    emulator.executions.replicaLingerMs = 60_000;
    emulator.executions.script('migrate-db', { durationMs: 1000, finalStatus: 'Failed', lines: 0, failure: { kind: 'image-pull' } });
    const result = await run({ 'stream-logs': 'false' });
    expect(result.exitCode).toBe(1);
    expect(result.outputs['failure-reason']).toBe(`container migrate could not pull its image ${IMAGE}: Container is waiting with reason: ImagePullBackOff`);
    expect(emulator.core.requestsTo('executions.replicas').length).toBeGreaterThanOrEqual(1);
  });

  test("the job's replica timeout", async () => {
    emulator.executions.script('migrate-db', { durationMs: 1200, finalStatus: 'Failed', lines: 3, failure: { kind: 'deadline' } });
    const result = await run();
    expect(result.exitCode).toBe(1);
    expect(result.outputs['failure-reason']).toBe("the execution ran longer than the job's replica timeout (30 min): Job was active longer than specified deadline");
  });

  test('a container in back-off, with the last console error line', async () => {
    emulator.executions.script('migrate-db', { durationMs: 1200, finalStatus: 'Failed', lines: ['connecting', 'FATAL: password authentication failed for user "migrator"'], failure: { kind: 'back-off', exitCode: 1, restarts: 4 } });
    const result = await run();
    expect(result.exitCode).toBe(1);
    // The exit code says more than the back-off that followed it.
    expect(result.outputs['failure-reason']).toBe('container migrate exited with code 1: FATAL: password authentication failed for user "migrator"');
  });

  test('success: execution-url links to the execution; log-file holds exactly the lines printed', async () => {
    emulator.executions.script('migrate-db', { durationMs: 2000, finalStatus: 'Succeeded', lines: 60 });
    const result = await run();
    expect(result.exitCode).toBe(0);
    const name = result.outputs['execution-name']!;
    expect(result.outputs['execution-url']).toBe(`https://portal.azure.com/#resource/subscriptions/${SUBSCRIPTION}/resourceGroups/rg-migrations/providers/Microsoft.App/jobs/migrate-db/executions/${name}`);
    expect(result.outputs['failure-reason']).toBeUndefined();
    const file = result.outputs['log-file']!;
    expect(file.startsWith(`${result.runnerTemp}/`)).toBe(true);
    const printed = result.log.split('\n').filter((line) => /^line \d+$/.test(line));
    expect(printed).toHaveLength(60);
    expect(readFileSync(file, 'utf8')).toBe(`${printed.join('\n')}\n`);
    // No failure: the system log is never asked.
    expect(emulator.logAnalytics.queries.some((text) => text.startsWith('ContainerAppSystemLogs'))).toBe(false);
  });
});
