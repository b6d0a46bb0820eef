import type { Emulator } from '../../../emulator/index.ts';
import { PG_RESOURCE_GROUP, PG_SERVER, PG_TARGET, SUBSCRIPTION, VALID_INPUTS } from '../baselines.ts';
import { outcomes } from '../remote-state.ts';
import type { Expectation, Scenario } from '../scenario.ts';

const target = (emulator: Emulator) => emulator.postgres.server(SUBSCRIPTION, PG_RESOURCE_GROUP, PG_TARGET);
const succeeds = (log?: RegExp, remote?: Expectation['remote']): Expectation => ({
  exitCode: 0,
  log,
  remote: async (emulator, main, post) => {
    expect(target(emulator)?.resource.properties.state).toBe('Ready');
    expect(outcomes(emulator, 'postgres.server.put').filter((outcome) => outcome === 202)).toHaveLength(1);
    expect(main.outputs.fqdn).toBe(`${PG_TARGET}.postgres.database.azure.com`);
    await remote?.(emulator, main, post);
  },
});
const nothingCreated: Expectation['remote'] = (emulator) => {
  expect(emulator.core.requestsTo('postgres.server.put')).toHaveLength(0);
  expect(target(emulator)).toBeUndefined();
};
const seen = (routeId: string) => (emulator: Emulator) => emulator.core.requestsTo(routeId).length > 0;

export const pgRestore: Scenario = {
  action: 'pg-restore',
  setup(emulator) {
    emulator.postgres.restoreDelayMs = 500;
    emulator.postgres.addServer({ subscriptionId: SUBSCRIPTION, resourceGroup: PG_RESOURCE_GROUP, name: PG_SERVER, location: 'West Europe' });
  },
  inputs: VALID_INPUTS['pg-restore']!,
  notApplicable: {
    'past-deadline': 'timeout-minutes is at least 1, so waiting it out takes longer than a matrix case may; the same deadline code is exercised by pg-restore-point.test.ts (timeout-minutes: 1).',
    'github-api': 'pg-restore calls no GitHub REST API (the ID token service is covered by id-token).',
  },
  cases: [
    {
      kind: 'throttled',
      name: 'reading the source: 429 with Retry-After 1 is honoured',
      arrange: (emulator) => emulator.inject({ route: 'postgres.server.get', status: 429, retryAfter: 1 }),
      expect: succeeds(/HTTP 429; retrying in 1\.0 s/),
    },
    {
      kind: 'throttled',
      name: 'the create PUT: 429 (not processed) is retried, once accepted',
      arrange: (emulator) => emulator.inject({ route: 'postgres.server.put', status: 429, retryAfter: 1 }),
      expect: succeeds(/HTTP 429/, (emulator) => expect(outcomes(emulator, 'postgres.server.put')).toEqual([429, 202])),
    },
    {
      kind: 'server-error',
      name: 'a 503 on the operation status is retried',
      arrange: (emulator) => emulator.inject({ route: 'postgres.operation', status: 503, retryAfter: 1 }),
      expect: succeeds(/HTTP 503/),
    },
    {
      kind: 'server-error',
      name: 'a 500 on the create PUT is not repeated: a clear failure, one attempt',
      arrange: (emulator) => emulator.inject({ route: 'postgres.server.put', status: 500 }),
      expect: { exitCode: 1, error: /Starting Point-in-time restore of pg-orders into pg-orders-restored failed: HTTP 500/, remote: (emulator) => expect(outcomes(emulator, 'postgres.server.put')).toEqual([500]) },
    },
    {
      kind: 'connection-reset',
      name: 'dropped connections on the reads and the operation status are retried',
      arrange: (emulator) => emulator.inject({ route: 'postgres.server.get', reset: true }, { route: 'postgres.operation', reset: true }),
      expect: succeeds(undefined, (emulator) => expect(outcomes(emulator, 'postgres.server.get')[0]).toBe('reset')),
    },
    {
      kind: 'slow-response',
      name: 'a 3 s answer to the source read and the PUT is waited for, not retried',
      arrange: (emulator) => emulator.inject({ route: 'postgres.server.get', latencyMs: 3000 }, { route: 'postgres.server.put', latencyMs: 3000 }),
      expect: succeeds(undefined, (emulator) => expect(outcomes(emulator, 'postgres.server.put')).toEqual([202])),
    },
    {
      kind: 'lro-failed',
      name: 'the restore operation ends Failed: the service error, no outputs',
      arrange: (emulator) => (emulator.postgres.failNextRestore = { code: 'InternalServerError', message: 'An unexpected error occured while processing the request.' }),
      expect: { exitCode: 1, error: /failed in Azure: InternalServerError: An unexpected error/, remote: (emulator, main) => expect(main.outputs).toEqual({}) },
    },
    {
      kind: 'token-endpoint',
      name: 'a 503 from the token endpoint once is retried',
      arrange: (emulator) => emulator.inject({ route: 'entra.token', status: 503 }),
      expect: succeeds(/Entra ID token endpoint answered HTTP 503/),
    },
    {
      kind: 'token-endpoint',
      name: 'a refusal (no matching federated credential) fails at once; nothing is created',
      arrange: (emulator) => (emulator.core.identity.jobSubject = 'repo:contoso/migrations:ref:refs/heads/feature'),
      expect: { exitCode: 1, error: /could not sign in to Azure: Entra ID refused the GitHub OIDC token.*AADSTS70021/, remote: nothingCreated },
    },
    {
      kind: 'token-expiry',
      name: 'tokens living 2 s during a 5 s restore are renewed with fresh ID tokens',
      arrange: (emulator) => {
        emulator.core.identity.accessTokenLifetimeSeconds = 2;
        emulator.core.identity.idTokenLifetimeSeconds = 2;
        emulator.postgres.restoreDelayMs = 5000;
      },
      expect: succeeds(undefined, (emulator) => expect(emulator.core.stats.accessTokensIssued).toBeGreaterThanOrEqual(2)),
    },
    {
      kind: 'id-token',
      name: 'a 500 from the ID token service once is retried',
      arrange: (emulator) => emulator.inject({ route: 'github.idtoken', status: 500 }),
      expect: succeeds(/answered HTTP 500/),
    },
    {
      kind: 'id-token',
      name: 'a 403 from the ID token service is final; nothing is created',
      arrange: (emulator) => emulator.inject({ route: 'github.idtoken', status: 403, body: { message: 'Forbidden' } }),
      expect: { exitCode: 1, error: "Could not get a GitHub ID token for Azure federation: the runner's token service answered HTTP 403", remote: nothingCreated },
    },
    {
      kind: 'sigint',
      name: 'while reading the source: nothing is created',
      arrange: (emulator) => emulator.inject({ route: 'postgres.server.get', latencyMs: 4000 }),
      cancelOn: seen('postgres.server.get'),
      expect: { exitCode: 1, error: /^Cancelled \(SIGINT\)/, remote: nothingCreated },
    },
    {
      kind: 'sigint',
      name: 'while the accepted restore runs: one PUT; the new server is left to finish (never deleted by a cancel)',
      arrange: (emulator) => (emulator.postgres.restoreDelayMs = 20_000),
      cancelOn: (emulator) => outcomes(emulator, 'postgres.server.put').includes(202),
      expect: { exitCode: 1, error: /^Cancelled \(SIGINT\)/, remote: (emulator) => {
        expect(outcomes(emulator, 'postgres.server.put')).toEqual([202]);
        expect(target(emulator)).toBeDefined();
      } },
    },
  ],
};
