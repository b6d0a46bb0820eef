import type { Emulator } from '../../../emulator/index.ts';
import { JOB, OLD_IMAGE, RESOURCE_GROUP, SUBSCRIPTION, VALID_INPUTS } from '../baselines.ts';
import { executionStatuses, outcomes } from '../remote-state.ts';
import type { Expectation, Scenario } from '../scenario.ts';

const LINES = 12;
const jobLines = (log: string) => log.split('\n').filter((line) => /^line \d+$/.test(line));

/**
 * The execution the step follows, started (as scripted) when the step's inputs are made, so the step
 * finds it running and follows it live, then from Log Analytics.
 */
function followedExecution(emulator: Emulator): string {
  const existing = [...emulator.executions.executions.values()][0];
  if (existing) return existing.name;
  const job = emulator.containerApps.job(SUBSCRIPTION, RESOURCE_GROUP, JOB)!;
  return emulator.executions.start(job, structuredClone(job.resource.properties.template)).name;
}

/** Every line printed exactly once, in order; the followed execution never touched. */
const printsAll = (log?: RegExp, remote?: Expectation['remote']): Expectation => ({
  exitCode: 0,
  log,
  remote: async (emulator, main, post) => {
    expect(jobLines(main.log)).toEqual(Array.from({ length: LINES }, (_, index) => `line ${index + 1}`));
    expect(main.outputs.lines).toBe(String(LINES));
    expect(emulator.core.requestsTo('executions.stop')).toHaveLength(0);
    await remote?.(emulator, main, post);
  },
});

const seen = (routeId: string) => (emulator: Emulator) => emulator.core.requestsTo(routeId).length > 0;

export const streamLogAnalytics: Scenario = {
  action: 'stream-log-analytics',
  setup(emulator) {
    emulator.executions.defaultScript = { durationMs: 1500, finalStatus: 'Succeeded', lines: LINES };
    emulator.executions.replicaLingerMs = 300;
    emulator.logAnalytics.ingestionDelayMs = 300;
    emulator.containerApps.addJob({ subscriptionId: SUBSCRIPTION, resourceGroup: RESOURCE_GROUP, name: JOB, containers: [{ name: 'migrate', image: OLD_IMAGE }] });
  },
  inputs: (emulator) => ({ ...VALID_INPUTS['stream-log-analytics']!(emulator), 'execution-name': followedExecution(emulator) }),
  notApplicable: {
    'past-deadline': 'timeout-minutes is a whole number of at least 1, so a case would take over a minute; the deadline path (stop and fail) is exercised on run-job-and-wait with timeout-minutes 0.1.',
    'github-api': 'stream-log-analytics calls no GitHub REST API (the ID token service is covered by id-token).',
  },
  cases: [
    {
      kind: 'throttled',
      name: 'Log Analytics answers 429 (Retry-After 1) twice: every line once',
      arrange: (emulator) => emulator.inject({ route: 'loganalytics.query', status: 429, retryAfter: 1, times: 2 }),
      expect: printsAll(/HTTP 429; retrying in 1\.0 s/),
    },
    {
      kind: 'server-error',
      name: 'Log Analytics answers two queries only in part (HTTP 200 with PartialError): said, asked again, every line once',
      arrange: (emulator) => (emulator.logAnalytics.partialNext = 2),
      expect: printsAll(/Log Analytics answered a partial result/),
    },
    {
      kind: 'server-error',
      name: 'Log Analytics answers 500 then 503, the execution status 503: every line once',
      arrange: (emulator) => emulator.inject({ route: 'loganalytics.query', status: 500 }, { route: 'loganalytics.query', status: 503 }, { route: 'executions.get', status: 503, retryAfter: 1 }),
      expect: printsAll(/HTTP 50[03]/),
    },
    {
      kind: 'server-error',
      name: 'Log Analytics down for good (503, Retry-After 0): a clear failure naming the query',
      arrange: (emulator) => emulator.inject({ route: 'loganalytics.query', status: 503, retryAfter: 0, times: Infinity }),
      expect: {
        exitCode: 1,
        error: /HTTP 503/,
        remote: (emulator) => {
          expect(outcomes(emulator, 'loganalytics.query').every((outcome) => outcome === 503)).toBe(true);
          expect(emulator.core.requestsTo('executions.stop')).toHaveLength(0);
        },
      },
    },
    {
      kind: 'connection-reset',
      name: 'dropped connections to Log Analytics, the job and the execution: every line once',
      arrange: (emulator) => emulator.inject({ route: 'loganalytics.query', reset: true }, { route: 'jobs.get', reset: true }, { route: 'executions.get', reset: true }),
      expect: printsAll(undefined, (emulator) => expect(outcomes(emulator, 'loganalytics.query')[0]).toBe('reset')),
    },
    {
      kind: 'slow-response',
      name: 'Log Analytics answers 2.5 s late: every line once',
      arrange: (emulator) => emulator.inject({ route: 'loganalytics.query', latencyMs: 2500, times: 2 }),
      expect: printsAll(),
    },
    {
      kind: 'lro-failed',
      name: 'the followed execution ends Failed: its whole log is still printed (the verdict is run-job-and-wait\'s)',
      arrange: (emulator) => emulator.executions.script(JOB, { durationMs: 1500, finalStatus: 'Failed', lines: LINES }),
      expect: printsAll(undefined, (emulator) => expect(executionStatuses(emulator)).toEqual(['Failed'])),
    },
    {
      kind: 'token-endpoint',
      name: 'a 503 from the token endpoint once is retried',
      arrange: (emulator) => emulator.inject({ route: 'entra.token', status: 503 }),
      expect: printsAll(/Entra ID token endpoint answered HTTP 503/),
    },
    {
      kind: 'token-endpoint',
      name: 'a refusal fails at once',
      arrange: (emulator) => (emulator.core.identity.jobSubject = 'repo:contoso/migrations:environment:dev'),
      expect: { exitCode: 1, error: /Entra ID refused the GitHub OIDC token.*AADSTS70021/, remote: (emulator) => expect(emulator.core.requestsTo('jobs.get')).toHaveLength(0) },
    },
    {
      kind: 'token-expiry',
      name: 'tokens living 2 s while a 5 s execution is followed: renewed, every line once',
      arrange: (emulator) => {
        emulator.core.identity.accessTokenLifetimeSeconds = 2;
        emulator.core.identity.idTokenLifetimeSeconds = 2;
        emulator.executions.script(JOB, { durationMs: 5000, finalStatus: 'Succeeded', lines: LINES });
      },
      expect: printsAll(undefined, (emulator) => expect(emulator.core.stats.accessTokensIssued).toBeGreaterThanOrEqual(2)),
    },
    {
      kind: 'id-token',
      name: 'a 503 from the ID token service once is retried',
      arrange: (emulator) => emulator.inject({ route: 'github.idtoken', status: 503 }),
      expect: printsAll(/answered HTTP 503/),
    },
    {
      kind: 'sigint',
      name: 'while reading the job: exits cancelled, nothing else asked',
      arrange: (emulator) => emulator.inject({ route: 'jobs.get', latencyMs: 4000 }),
      cancelOn: seen('jobs.get'),
      expect: { exitCode: 1, error: /^Cancelled \(SIGINT\)/, remote: (emulator) => expect(emulator.core.requestsTo('loganalytics.query')).toHaveLength(0) },
    },
    {
      kind: 'sigint',
      name: 'while querying Log Analytics after the execution ended: exits cancelled',
      arrange: (emulator) => {
        emulator.executions.script(JOB, { durationMs: 300, finalStatus: 'Succeeded', lines: LINES });
        emulator.inject({ route: 'loganalytics.query', latencyMs: 4000 });
      },
      cancelOn: seen('loganalytics.query'),
      expect: { exitCode: 1, error: /^Cancelled \(SIGINT\)/, remote: (emulator) => expect(emulator.core.requestsTo('executions.stop')).toHaveLength(0) },
    },
    {
      kind: 'sigint',
      name: 'while following the live log: exits cancelled and leaves the execution it only reads alone',
      arrange: (emulator) => emulator.executions.script(JOB, { durationMs: 10_000, finalStatus: 'Succeeded', lines: 40 }),
      cancelWhen: (stdout) => stdout.includes('line 3\n'),
      expect: {
        exitCode: 1,
        error: /^Cancelled \(SIGINT\)/,
        remote: (emulator) => {
          expect(emulator.core.requestsTo('executions.stop')).toHaveLength(0);
          expect(executionStatuses(emulator)).toEqual(['Running']);
        },
      },
    },
  ],
};
