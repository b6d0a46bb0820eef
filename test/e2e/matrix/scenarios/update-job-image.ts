import type { Emulator } from '../../../emulator/index.ts';
import { JOB, NEW_IMAGE, OLD_IMAGE, RESOURCE_GROUP, SUBSCRIPTION, VALID_INPUTS } from '../baselines.ts';
import { jobImages, jobSecretValues, outcomes } from '../remote-state.ts';
import type { Expectation, Scenario } from '../scenario.ts';

const changed: Expectation['remote'] = (emulator) => {
  expect(jobImages(emulator)).toEqual([NEW_IMAGE]);
  expect(jobSecretValues(emulator)[0]).toContain('emulated-secret-value');
};
const unchanged: Expectation['remote'] = (emulator) => {
  expect(jobImages(emulator)).toEqual([OLD_IMAGE]);
  expect(emulator.core.requestsTo('jobs.patch').filter((request) => request.outcome === 202)).toEqual([]);
};
const succeeds = (log?: RegExp, remote?: Expectation['remote']): Expectation => ({
  exitCode: 0,
  log,
  remote: async (emulator, main, post) => {
    changed(emulator, main, post);
    expect(main.outputs).toEqual({ 'previous-image': OLD_IMAGE, image: NEW_IMAGE, changed: 'true' });
    await remote?.(emulator, main, post);
  },
});
const cancelled = (remote: Expectation['remote']): Expectation => ({ exitCode: 1, error: /^Cancelled \(SIGINT\)/, remote });
const seen = (routeId: string) => (emulator: Emulator) => emulator.core.requestsTo(routeId).length > 0;

export const updateJobImage: Scenario = {
  action: 'update-job-image',
  setup(emulator) {
    emulator.containerApps.updateDelayMs = 200;
    emulator.containerApps.addJob({ subscriptionId: SUBSCRIPTION, resourceGroup: RESOURCE_GROUP, name: JOB, containers: [{ name: 'migrate', image: OLD_IMAGE }] });
  },
  inputs: VALID_INPUTS['update-job-image']!,
  notApplicable: {
    'past-deadline': 'update-job-image has no time limit input; the update operation is bounded by a fixed 10-minute limit, which a test cannot reach quickly.',
    'github-api': 'update-job-image calls no GitHub REST API (the ID token service is covered by id-token).',
  },
  cases: [
    {
      kind: 'throttled',
      name: 'reading the job: 429 with Retry-After 1 is honoured, then the update succeeds',
      arrange: (emulator) => emulator.inject({ route: 'jobs.get', status: 429, retryAfter: 1 }),
      expect: succeeds(/HTTP 429; retrying in 1\.0 s/, (emulator) => {
        const gets = emulator.core.requestsTo('jobs.get');
        expect(gets[1]!.at - gets[0]!.at).toBeGreaterThanOrEqual(900);
      }),
    },
    {
      kind: 'throttled',
      name: 'the PATCH: 429 twice, then accepted once',
      arrange: (emulator) => emulator.inject({ route: 'jobs.patch', status: 429, retryAfter: 1, times: 2 }),
      expect: succeeds(/HTTP 429/, (emulator) => expect(outcomes(emulator, 'jobs.patch')).toEqual([429, 429, 202])),
    },
    {
      kind: 'server-error',
      name: 'a 500 on the PATCH and a 503 on the operation status are retried',
      arrange: (emulator) => emulator.inject({ route: 'jobs.patch', status: 500 }, { route: 'jobs.operation', status: 503, retryAfter: 1 }),
      expect: succeeds(/HTTP 500/, (emulator) => expect(outcomes(emulator, 'jobs.patch')).toEqual([500, 202])),
    },
    {
      kind: 'server-error',
      name: 'a 503 that never ends gives up with the service error, the job untouched',
      arrange: (emulator) => emulator.inject({ route: 'jobs.get', status: 503, retryAfter: 0, times: Infinity }),
      expect: {
        exitCode: 1,
        error: "Reading job migrate-db failed: HTTP 503",
        remote: (emulator) => {
          unchanged(emulator, undefined as never, undefined);
          expect(emulator.core.requestsTo('jobs.get')).toHaveLength(7);
          expect(emulator.core.requestsTo('jobs.patch')).toHaveLength(0);
        },
      },
    },
    {
      kind: 'connection-reset',
      name: 'dropped connections on the GET, the PATCH and the operation status are retried',
      arrange: (emulator) => emulator.inject({ route: 'jobs.get', reset: true }, { route: 'jobs.patch', reset: true }, { route: 'jobs.operation', reset: true }),
      expect: succeeds(undefined, (emulator) => expect(outcomes(emulator, 'jobs.patch')).toEqual(['reset', 202])),
    },
    {
      kind: 'slow-response',
      name: 'a 3 s answer to the GET and the PATCH is waited for, not retried',
      arrange: (emulator) => emulator.inject({ route: 'jobs.get', latencyMs: 3000 }, { route: 'jobs.patch', latencyMs: 3000 }),
      expect: succeeds(undefined, (emulator) => {
        expect(outcomes(emulator, 'jobs.patch')).toEqual([202]);
        // One read before the PATCH; the job after it comes with the finished operation's 200.
        expect(emulator.core.requestsTo('jobs.get').length).toBe(1);
      }),
    },
    {
      kind: 'lro-failed',
      name: 'the update operation ends Failed: the service error, exit 1',
      arrange: (emulator) => (emulator.containerApps.failNextUpdate = { code: 'ContainerAppImagePullFailed', message: 'Failed to pull image contoso.azurecr.io/migrations:1.4.2' }),
      expect: { exitCode: 1, error: /ContainerAppImagePullFailed.*Failed to pull image/, remote: (emulator) => expect(jobImages(emulator)).toEqual([OLD_IMAGE]) },
    },
    {
      kind: 'token-endpoint',
      name: 'a 503 from the token endpoint once is retried',
      arrange: (emulator) => emulator.inject({ route: 'entra.token', status: 503 }),
      expect: succeeds(/Entra ID token endpoint answered HTTP 503 for client .*; retrying/, (emulator) => expect(outcomes(emulator, 'entra.token')).toEqual([503, 200])),
    },
    {
      kind: 'token-endpoint',
      name: 'a refusal (no matching federated credential) fails at once, with the fix',
      arrange: (emulator) => (emulator.core.identity.jobSubject = 'repo:contoso/migrations:ref:refs/heads/feature'),
      expect: {
        exitCode: 1,
        error: /could not sign in to Azure: Entra ID refused the GitHub OIDC token.*AADSTS70021.*federated credential/,
        remote: (emulator) => {
          expect(emulator.core.requestsTo('entra.token')).toHaveLength(1);
          expect(emulator.core.requestsTo('jobs.get')).toHaveLength(0);
          expect(jobImages(emulator)).toEqual([OLD_IMAGE]);
        },
      },
    },
    {
      kind: 'token-endpoint',
      name: 'down for longer than the retries (the one slow case): a clear sign-in failure, nothing changed',
      arrange: (emulator) => emulator.inject({ route: 'entra.token', status: 503, times: Infinity }),
      timeoutMs: 110_000,
      expect: {
        exitCode: 1,
        error: /Reading job migrate-db failed: could not sign in to Azure: Entra ID token endpoint answered HTTP 503/,
        remote: (emulator) => {
          expect(emulator.core.requestsTo('entra.token')).toHaveLength(7);
          expect(emulator.core.requestsTo('jobs.get')).toHaveLength(0);
          expect(jobImages(emulator)).toEqual([OLD_IMAGE]);
        },
      },
    },
    {
      kind: 'token-expiry',
      name: 'tokens living 2 s during a 5 s update are renewed with fresh ID tokens',
      arrange: (emulator) => {
        emulator.core.identity.accessTokenLifetimeSeconds = 2;
        emulator.core.identity.idTokenLifetimeSeconds = 2;
        emulator.containerApps.updateDelayMs = 5000;
      },
      expect: succeeds(undefined, (emulator) => {
        expect(emulator.core.stats.accessTokensIssued).toBeGreaterThanOrEqual(2);
        const assertions = emulator.core.stats.assertionsAccepted;
        expect(new Set(assertions).size).toBe(assertions.length);
      }),
    },
    {
      kind: 'id-token',
      name: 'a 500 from the ID token service once is retried',
      arrange: (emulator) => emulator.inject({ route: 'github.idtoken', status: 500 }),
      expect: succeeds(/answered HTTP 500/, (emulator) => expect(outcomes(emulator, 'github.idtoken')[0]).toBe(500)),
    },
    {
      kind: 'id-token',
      name: 'a 403 from the ID token service is final and says so',
      arrange: (emulator) => emulator.inject({ route: 'github.idtoken', status: 403, body: { message: 'Forbidden' } }),
      expect: {
        exitCode: 1,
        error: "Could not get a GitHub ID token for Azure federation: the runner's token service answered HTTP 403",
        remote: (emulator) => {
          expect(emulator.core.requestsTo('github.idtoken')).toHaveLength(1);
          expect(emulator.core.requestsTo('entra.token')).toHaveLength(0);
          expect(jobImages(emulator)).toEqual([OLD_IMAGE]);
        },
      },
    },
    {
      kind: 'sigint',
      name: 'while signing in: nothing is read or changed',
      arrange: (emulator) => emulator.inject({ route: 'entra.token', latencyMs: 4000 }),
      cancelOn: seen('entra.token'),
      expect: cancelled((emulator) => {
        expect(emulator.core.requestsTo('jobs.get')).toHaveLength(0);
        expect(jobImages(emulator)).toEqual([OLD_IMAGE]);
      }),
    },
    {
      kind: 'sigint',
      name: 'while reading the job: no PATCH is sent',
      arrange: (emulator) => emulator.inject({ route: 'jobs.get', latencyMs: 4000 }),
      cancelOn: seen('jobs.get'),
      expect: cancelled((emulator) => {
        expect(emulator.core.requestsTo('jobs.patch')).toHaveLength(0);
        expect(jobImages(emulator)).toEqual([OLD_IMAGE]);
      }),
    },
    {
      kind: 'sigint',
      name: 'while the accepted update runs: one PATCH, the template intact, secrets kept',
      arrange: (emulator) => (emulator.containerApps.updateDelayMs = 10_000),
      cancelOn: (emulator) => outcomes(emulator, 'jobs.patch').includes(202),
      expect: cancelled((emulator) => {
        expect(outcomes(emulator, 'jobs.patch')).toEqual([202]);
        // ARM finishes an accepted update on its own; either image is a consistent state.
        expect([[OLD_IMAGE], [NEW_IMAGE]]).toContainEqual(jobImages(emulator));
        expect(jobSecretValues(emulator)[0]).toContain('emulated-secret-value');
      }),
    },
  ],
};
