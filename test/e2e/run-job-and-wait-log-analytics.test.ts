import { startEmulator, type Emulator } from '../emulator/index.ts';
import type { ConsoleTableName } from '../emulator/log-analytics-state.ts';
import { runStep, type StepResult } from '../runner/run-step.ts';
import { expectNoSecrets } from './secret-scan.ts';

// run-job-and-wait when its log has to come from Log Analytics: the live stream is unavailable (the
// replicas list no logStreamEndpoint, or getAuthToken fails) or the service closes it while idle,
// against a workspace answering as recorded (one console table only, the other refused with the
// recorded BadArgumentError → SemanticError → SEM0100 400; PartialError answers on some pages). The
// emulator's answers and the recordings they follow are cited in test/emulator/log-analytics-state.ts
// and test/emulator/routes.
const SUBSCRIPTION = '34adfa4f-cedf-4dc0-ba29-b6d1a69ab345';
/** The step's own upper bound for reading Log Analytics after the end. */
const UPPER_BOUND_MS = 5 * 60_000;
let emulator: Emulator;

const run = () =>
  runStep({
    action: 'run-job-and-wait',
    inputs: {
      'subscription-id': SUBSCRIPTION,
      'resource-group': 'rg-migrations',
      'job-name': 'migrate-db',
      'poll-interval-seconds': '1',
      'client-id': emulator.core.identity.clientId,
      'tenant-id': emulator.core.identity.tenantId,
    },
    env: emulator.env(),
    // Past the upper bound, so a step that waits it out fails on the bound below, not on a kill.
    timeoutMs: UPPER_BOUND_MS + 120_000,
  });

const ONLY: Record<ConsoleTableName, Record<ConsoleTableName, boolean>> = {
  ContainerAppConsoleLogs_CL: { ContainerAppConsoleLogs_CL: true, ContainerAppConsoleLogs: false },
  ContainerAppConsoleLogs: { ContainerAppConsoleLogs_CL: false, ContainerAppConsoleLogs: true },
};

type Cause = 'no log stream endpoint' | 'getAuthToken fails' | 'closed while idle';

function makeLiveStream(cause: Cause): void {
  if (cause === 'no log stream endpoint') emulator.executions.liveStream = false;
  if (cause === 'getAuthToken fails') emulator.inject({ route: 'jobs.getAuthToken', status: 403, times: Infinity, body: { error: { code: 'AuthorizationFailed', message: 'The client does not have authorization to perform action Microsoft.App/jobs/getAuthToken/action.' } } });
  if (cause === 'closed while idle') emulator.executions.liveStreamIdleCloseMs = 400;
}

const jobLines = (log: string) => log.split('\n').filter((line) => /^line \d+$/.test(line));
const expected = (count: number) => Array.from({ length: count }, (_, index) => `line ${index + 1}`);
const linesWith = (log: string, pattern: RegExp) => log.split('\n').filter((line) => pattern.test(line));
/** What the step says when no live stream can be read at all. */
const UNAVAILABLE = /^(The live log stream is not available|No live log stream of execution .* (is|was) available)/;

/** Checks what every fallback run must show, and returns how long the step ran after the execution ended. */
function expectFallback(result: StepResult, count: number, cause: Cause): number {
  expect(result.errors).toEqual([]);
  expect(result.exitCode).toBe(0);
  expect(result.outputs.status).toBe('Succeeded');
  // Every line once, in order.
  expect(jobLines(result.log)).toEqual(expected(count));
  if (cause === 'closed while idle') {
    expect(linesWith(result.log, /was closed by the service while the execution runs/)).toHaveLength(1);
  } else {
    expect(linesWith(result.log, UNAVAILABLE)).toHaveLength(1);
  }
  // Why it read Log Analytics after the end, and why it stopped: caught up, not the upper bound.
  expect(linesWith(result.log, /^Reading Log Analytics after the end of execution .* because .* at most 5 min without a new line\.$/)).toHaveLength(1);
  expect(linesWith(result.log, /^Log Analytics has caught up with the end of execution .*: rows arrived up to .* after they were written/)).toHaveLength(1);
  expect(result.log).not.toContain('(the upper bound)');
  const execution = emulator.executions.executions.get(result.outputs['execution-name']!)!;
  const afterEnd = result.spawnedAt + result.exitedAtMs - execution.endedAt!;
  expectNoSecrets(result, emulator, [...emulator.executions.tokens.keys()]);
  return afterEnd;
}

beforeEach(async () => {
  emulator = await startEmulator();
  emulator.containerApps.addJob({ subscriptionId: SUBSCRIPTION, resourceGroup: 'rg-migrations', name: 'migrate-db', containers: [{ name: 'migrate', image: 'contoso.azurecr.io/migrations:1.4.1' }] });
  // Rows become queryable a while after they are written, as in any workspace.
  emulator.logAnalytics.ingestionDelayMs = 1500;
});

afterEach(async () => {
  await emulator.stop();
});

describe('run-job-and-wait, log from Log Analytics (committed bundle, emulator as recorded)', () => {
  const causes: Cause[] = ['no log stream endpoint', 'getAuthToken fails', 'closed while idle'];
  const tables: ConsoleTableName[] = ['ContainerAppConsoleLogs_CL', 'ContainerAppConsoleLogs'];
  test.each(causes.flatMap((cause) => tables.map((table) => [cause, table] as const)))(
    'live stream: %s; only %s exists: every line once, in order; it stops once Log Analytics caught up',
    async (cause, table) => {
      emulator.logAnalytics.tablesPresent = ONLY[table];
      makeLiveStream(cause);
      emulator.executions.script('migrate-db', { durationMs: 6000, finalStatus: 'Succeeded', lines: 8 });
      const result = await run();
      const afterEnd = expectFallback(result, 8, cause);
      // Well under the upper bound (a generous bound for a slow machine, not a timing target).
      expect(afterEnd).toBeLessThan(UPPER_BOUND_MS / 2);
      // The missing table was asked for and refused with the recorded 400, then left alone.
      const refused = emulator.core.requestsTo('loganalytics.query').filter((query) => query.outcome === 400);
      expect(refused.length).toBeGreaterThanOrEqual(1);
      expect(result.log).toContain(cause === 'closed while idle' ? '8 log line(s) shown (live stream and Log Analytics).' : '8 log line(s) shown (Log Analytics).');
    },
    UPPER_BOUND_MS + 180_000,
  );

  test.each(['no log stream endpoint', 'getAuthToken fails'] as const)(
    'live stream: %s; Log Analytics answers some pages only in part (PartialError): said, asked again, no line lost',
    async (cause) => {
      makeLiveStream(cause);
      emulator.logAnalytics.partialAboveRows = 40;
      emulator.executions.script('migrate-db', { durationMs: 4000, finalStatus: 'Succeeded', lines: 150 });
      const result = await run();
      const afterEnd = expectFallback(result, 150, cause);
      expect(afterEnd).toBeLessThan(UPPER_BOUND_MS / 2);
      expect(linesWith(result.log, /^Log Analytics answered a partial result for ContainerAppConsoleLogs_CL \(.*PartialError/)).toHaveLength(1);
      expect(emulator.logAnalytics.partialAnswers).toBeGreaterThan(0);
    },
    UPPER_BOUND_MS + 180_000,
  );

  test('rows ingested out of order print in time order', async () => {
    makeLiveStream('getAuthToken fails');
    emulator.logAnalytics.outOfOrderMs = 6000;
    emulator.executions.script('migrate-db', { durationMs: 6000, finalStatus: 'Succeeded', lines: 60 });
    const result = await run();
    const afterEnd = expectFallback(result, 60, 'getAuthToken fails');
    expect(afterEnd).toBeLessThan(UPPER_BOUND_MS / 2);
  }, UPPER_BOUND_MS + 180_000);
});
