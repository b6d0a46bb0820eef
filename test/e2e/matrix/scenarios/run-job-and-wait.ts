import type { Emulator } from '../../../emulator/index.ts';
import { JOB, OLD_IMAGE, RESOURCE_GROUP, SUBSCRIPTION, VALID_INPUTS } from '../baselines.ts';
import { executionStatuses, outcomes, runningExecutions } from '../remote-state.ts';
import type { Expectation, Scenario } from '../scenario.ts';

/** The execution ran to its end: Succeeded, one execution, never stopped, log shown once. */
const succeeds = (log?: RegExp, remote?: Expectation['remote']): Expectation => ({
  exitCode: 0,
  log,
  remote: async (emulator, main, post) => {
    expect(main.outputs.status).toBe('Succeeded');
    expect(executionStatuses(emulator)).toEqual(['Succeeded']);
    expect(emulator.core.requestsTo('executions.stop')).toHaveLength(0);
    expect(post?.log ?? '').not.toContain('stopping it');
    await remote?.(emulator, main, post);
  },
});

/** Cancelled: one error, and no execution left running. */
const cancelled = (remote?: Expectation['remote']): Expectation => ({
  exitCode: 1,
  error: /^Cancelled \(SIGINT\)/,
  remote: async (emulator, main, post) => {
    expect(await runningExecutions(emulator)).toEqual([]);
    await remote?.(emulator, main, post);
  },
});

const seen = (routeId: string) => (emulator: Emulator) => emulator.core.requestsTo(routeId).length > 0;
const hang = (emulator: Emulator) => emulator.executions.script(JOB, { durationMs: 1000, finalStatus: 'Succeeded', hang: true, lines: 3 });

export const runJobAndWait: Scenario = {
  action: 'run-job-and-wait',
  setup(emulator) {
    emulator.executions.defaultScript = { durationMs: 2000, finalStatus: 'Succeeded', lines: 5 };
    emulator.executions.startDelayMs = 200;
    emulator.executions.replicaLingerMs = 300;
    emulator.containerApps.addJob({ subscriptionId: SUBSCRIPTION, resourceGroup: RESOURCE_GROUP, name: JOB, containers: [{ name: 'migrate', image: OLD_IMAGE, args: ['up'] }] });
  },
  inputs: VALID_INPUTS['run-job-and-wait']!,
  notApplicable: {
    'github-api': 'run-job-and-wait calls no GitHub REST API (the ID token service is covered by id-token).',
  },
  cases: [
    {
      kind: 'throttled',
      name: 'status polls answered 429 (Retry-After 1) twice: still exact',
      arrange: (emulator) => emulator.inject({ route: 'executions.get', status: 429, retryAfter: 1, times: 2 }),
      expect: succeeds(/HTTP 429; retrying in 1\.0 s/, (emulator) => expect(outcomes(emulator, 'executions.get').slice(0, 2)).toEqual([429, 429])),
    },
    {
      kind: 'throttled',
      name: 'the start answered 429: retried (not processed), exactly one execution',
      arrange: (emulator) => emulator.inject({ route: 'jobs.start', status: 429, retryAfter: 1 }),
      expect: succeeds(/HTTP 429/, (emulator) => expect(outcomes(emulator, 'jobs.start')).toEqual([429, 200])),
    },
    {
      kind: 'server-error',
      name: 'status polls answered 500 and 503: retried, still exact',
      arrange: (emulator) => emulator.inject({ route: 'executions.get', status: 500 }, { route: 'executions.get', status: 503, retryAfter: 1 }),
      expect: succeeds(/HTTP 500/),
    },
    {
      kind: 'server-error',
      name: 'the start answered 503 (not processed): retried, exactly one execution',
      arrange: (emulator) => emulator.inject({ route: 'jobs.start', status: 503, retryAfter: 1 }),
      expect: succeeds(/HTTP 503/, (emulator) => expect(outcomes(emulator, 'jobs.start')).toEqual([503, 200])),
    },
    {
      kind: 'server-error',
      name: 'the start answered 500 (maybe processed): not repeated, a clear failure, nothing running',
      arrange: (emulator) => emulator.inject({ route: 'jobs.start', status: 500 }),
      expect: {
        exitCode: 1,
        error: /HTTP 500/,
        remote: async (emulator) => {
          expect(outcomes(emulator, 'jobs.start')).toEqual([500]);
          expect(await runningExecutions(emulator)).toEqual([]);
        },
      },
    },
    {
      kind: 'connection-reset',
      name: 'dropped connections on the job read and the status polls are retried',
      arrange: (emulator) => emulator.inject({ route: 'jobs.get', reset: true }, { route: 'executions.get', reset: true }),
      expect: succeeds(undefined, (emulator) => {
        expect(outcomes(emulator, 'jobs.get')[0]).toBe('reset');
        expect(outcomes(emulator, 'executions.get')[0]).toBe('reset');
      }),
    },
    {
      kind: 'connection-reset',
      name: 'a start answered 202 + Location (opt-in shape) whose result poll drops: polled again, the POST never repeated',
      arrange: (emulator) => {
        emulator.executions.startShape = 'accepted';
        emulator.inject({ route: 'jobs.start.result', reset: true });
      },
      expect: succeeds(undefined, (emulator) => {
        expect(outcomes(emulator, 'jobs.start')).toEqual([202]);
        expect(outcomes(emulator, 'jobs.start.result')[0]).toBe('reset');
      }),
    },
    {
      kind: 'connection-reset',
      name: 'the start request dropped: not repeated (it may have started), a clear failure',
      arrange: (emulator) => emulator.inject({ route: 'jobs.start', reset: true }),
      expect: {
        exitCode: 1,
        error: /Starting|start/i,
        remote: async (emulator) => {
          expect(outcomes(emulator, 'jobs.start')).toEqual(['reset']);
          expect(await runningExecutions(emulator)).toEqual([]);
        },
      },
    },
    {
      kind: 'slow-response',
      name: 'status answers 2.5 s late: waited for, one call per poll',
      arrange: (emulator) => emulator.inject({ route: 'executions.get', latencyMs: 2500, times: 2 }, { route: 'jobs.get', latencyMs: 2500 }),
      expect: succeeds(),
    },
    {
      kind: 'past-deadline',
      name: 'timeout-minutes 0.1 on a hanging execution: stopped, then the step fails',
      arrange: hang,
      inputs: { 'timeout-minutes': '0.1' },
      expect: {
        exitCode: 1,
        error: 'did not finish within 6 s (timeout-minutes) and was stopped',
        remote: async (emulator, main) => {
          expect(main.outputs.status).toBe('Stopped');
          expect(emulator.core.requestsTo('executions.stop')).toHaveLength(1);
          expect(await runningExecutions(emulator)).toEqual([]);
          expect(executionStatuses(emulator)).toEqual(['Stopped']);
        },
      },
    },
    {
      kind: 'lro-failed',
      name: 'the execution ends Failed: exit 1 with the status',
      arrange: (emulator) => emulator.executions.script(JOB, { durationMs: 1200, finalStatus: 'Failed', lines: 2 }),
      expect: { exitCode: 1, error: /ended with status Failed: container migrate exited with code 1/, remote: (emulator, main) => expect([main.outputs.status, ...executionStatuses(emulator)]).toEqual(['Failed', 'Failed']) },
    },
    {
      kind: 'lro-failed',
      name: 'the execution ends Degraded: exit 1, never success',
      arrange: (emulator) => emulator.executions.script(JOB, { durationMs: 1200, finalStatus: 'Degraded', lines: 2 }),
      expect: { exitCode: 1, error: /ended with status Degraded \(some replicas failed\)/, remote: (_emulator, main) => expect(main.outputs.status).toBe('Degraded') },
    },
    {
      kind: 'token-endpoint',
      name: 'a 503 from the token endpoint once is retried',
      arrange: (emulator) => emulator.inject({ route: 'entra.token', status: 503 }),
      expect: succeeds(/Entra ID token endpoint answered HTTP 503/),
    },
    {
      kind: 'token-endpoint',
      name: 'a refusal fails at once: nothing started',
      arrange: (emulator) => (emulator.core.identity.jobSubject = 'repo:contoso/migrations:pull_request'),
      expect: {
        exitCode: 1,
        error: /Entra ID refused the GitHub OIDC token.*AADSTS70021/,
        remote: (emulator) => {
          expect(emulator.core.requestsTo('jobs.start')).toHaveLength(0);
          expect(executionStatuses(emulator)).toEqual([]);
        },
      },
    },
    {
      kind: 'token-expiry',
      name: 'tokens living 2 s during a 6 s execution: renewed with fresh ID tokens, still exact',
      arrange: (emulator) => {
        emulator.core.identity.accessTokenLifetimeSeconds = 2;
        emulator.core.identity.idTokenLifetimeSeconds = 2;
        emulator.executions.script(JOB, { durationMs: 6000, finalStatus: 'Succeeded', lines: 6 });
      },
      expect: succeeds(undefined, (emulator) => {
        expect(emulator.core.stats.accessTokensIssued).toBeGreaterThanOrEqual(3);
        const assertions = emulator.core.stats.assertionsAccepted;
        expect(new Set(assertions).size).toBe(assertions.length);
      }),
    },
    {
      kind: 'id-token',
      name: 'a 500 from the ID token service once is retried',
      arrange: (emulator) => emulator.inject({ route: 'github.idtoken', status: 500 }),
      expect: succeeds(/answered HTTP 500/),
    },
    {
      kind: 'id-token',
      name: 'a 401 from the ID token service is final: nothing started',
      arrange: (emulator) => emulator.inject({ route: 'github.idtoken', status: 401, body: { message: 'Unauthorized' } }),
      expect: {
        exitCode: 1,
        error: "the runner's token service answered HTTP 401",
        remote: (emulator) => expect(emulator.core.requestsTo('jobs.start')).toHaveLength(0),
      },
    },
    {
      kind: 'sigint',
      name: 'while reading the job: nothing is started',
      arrange: (emulator) => emulator.inject({ route: 'jobs.get', latencyMs: 4000 }),
      cancelOn: seen('jobs.get'),
      expect: cancelled((emulator) => expect(emulator.core.requestsTo('jobs.start')).toHaveLength(0)),
    },
    {
      kind: 'sigint',
      name: 'while the start request is in flight: whatever it started is stopped',
      arrange: (emulator) => {
        hang(emulator);
        emulator.inject({ route: 'jobs.start', latencyMs: 1500 });
      },
      cancelOn: seen('jobs.start'),
      expect: cancelled(async (emulator) => {
        // The emulator handles the start once its 1.5 s latency has passed: look after that.
        await new Promise((resolve) => setTimeout(resolve, 1500));
        expect(await runningExecutions(emulator)).toEqual([]);
      }),
    },
    {
      kind: 'sigint',
      name: 'while the start operation is pending (opt-in 202 + Location start): the new execution is stopped',
      arrange: (emulator) => {
        hang(emulator);
        emulator.executions.startShape = 'accepted';
        emulator.executions.startDelayMs = 3000;
      },
      cancelOn: seen('jobs.start.result'),
      expect: cancelled(),
    },
    {
      kind: 'sigint',
      name: 'while the execution runs and its log streams: stopped within 5 s, post has nothing to do',
      arrange: hang,
      cancelWhen: (stdout) => stdout.includes('line 3'),
      expect: cancelled((emulator, main, post) => {
        const stop = emulator.core.requestsTo('executions.stop')[0];
        expect(stop).toBeDefined();
        expect(stop!.at - (main.spawnedAt + main.cancelledAtMs!)).toBeLessThan(5000);
        expect(main.log).toContain('was stopped');
        expect(post!.log).not.toContain('stopping it');
        expect(emulator.core.requestsTo('executions.stop')).toHaveLength(1);
      }),
    },
    {
      kind: 'sigint',
      name: "main's own stop is refused: the post step stops the execution",
      arrange: (emulator) => {
        hang(emulator);
        emulator.inject({ route: 'executions.stop', status: 409, times: 1 });
      },
      inputs: { 'stream-logs': 'false' },
      cancelWhen: (stdout) => /: Running/.test(stdout),
      expect: cancelled((emulator, main, post) => {
        expect(main.log).toContain('could not be stopped');
        expect(post!.log).toContain('was stopped');
        expect(outcomes(emulator, 'executions.stop')).toEqual([409, 200]);
      }),
    },
  ],
};
