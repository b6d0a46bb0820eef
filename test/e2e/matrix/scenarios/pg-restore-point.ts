import type { Emulator } from '../../../emulator/index.ts';
import { PG_RESOURCE_GROUP, PG_SERVER, SUBSCRIPTION, VALID_INPUTS } from '../baselines.ts';
import { outcomes } from '../remote-state.ts';
import type { Expectation, Scenario } from '../scenario.ts';

const backups = (emulator: Emulator) => [...(emulator.postgres.server(SUBSCRIPTION, PG_RESOURCE_GROUP, PG_SERVER)?.backups.keys() ?? [])];
const succeeds = (log?: RegExp, remote?: Expectation['remote']): Expectation => ({
  exitCode: 0,
  log,
  remote: async (emulator, main, post) => {
    expect(backups(emulator)).toEqual(['pre-migration-7001-1']);
    expect(outcomes(emulator, 'postgres.backup.put').filter((outcome) => outcome === 202)).toHaveLength(1);
    expect(main.outputs['restore-time']).toMatch(/Z$/);
    await remote?.(emulator, main, post);
  },
});
const nothingWritten: Expectation['remote'] = (emulator) => {
  expect(emulator.core.requestsTo('postgres.backup.put')).toHaveLength(0);
  expect(backups(emulator)).toEqual([]);
};
const seen = (routeId: string) => (emulator: Emulator) => emulator.core.requestsTo(routeId).length > 0;

export const pgRestorePoint: Scenario = {
  action: 'pg-restore-point',
  setup(emulator) {
    emulator.postgres.backupDelayMs = 300;
    emulator.postgres.addServer({ subscriptionId: SUBSCRIPTION, resourceGroup: PG_RESOURCE_GROUP, name: PG_SERVER });
  },
  inputs: VALID_INPUTS['pg-restore-point']!,
  notApplicable: {
    'past-deadline': 'timeout-minutes is at least 1, so waiting it out takes longer than a matrix case may; pg-restore-point.test.ts runs that case (a backup outliving timeout-minutes: 1).',
    'github-api': 'pg-restore-point calls no GitHub REST API (the ID token service is covered by id-token).',
  },
  cases: [
    {
      kind: 'throttled',
      name: 'reading the server: 429 with Retry-After 1 is honoured',
      arrange: (emulator) => emulator.inject({ route: 'postgres.server.get', status: 429, retryAfter: 1 }),
      expect: succeeds(/HTTP 429; retrying in 1\.0 s/),
    },
    {
      kind: 'throttled',
      name: 'the backup PUT: 429 (not processed) is retried, once accepted',
      arrange: (emulator) => emulator.inject({ route: 'postgres.backup.put', status: 429, retryAfter: 1 }),
      expect: succeeds(/HTTP 429/, (emulator) => expect(outcomes(emulator, 'postgres.backup.put')).toEqual([429, 202])),
    },
    {
      kind: 'server-error',
      name: 'a 503 on the operation status is retried',
      arrange: (emulator) => emulator.inject({ route: 'postgres.operation', status: 503, retryAfter: 1 }),
      expect: succeeds(/HTTP 503/),
    },
    {
      kind: 'server-error',
      name: 'a 500 on the backup PUT is not repeated (it may have started a backup): a clear failure',
      arrange: (emulator) => emulator.inject({ route: 'postgres.backup.put', status: 500 }),
      expect: { exitCode: 1, error: /Starting On-demand backup 'pre-migration-7001-1' of server pg-orders failed: HTTP 500/, remote: (emulator) => expect(outcomes(emulator, 'postgres.backup.put')).toEqual([500]) },
    },
    {
      kind: 'connection-reset',
      name: 'dropped connections on the server read and the operation status are retried',
      arrange: (emulator) => emulator.inject({ route: 'postgres.server.get', reset: true }, { route: 'postgres.operation', reset: true }),
      expect: succeeds(undefined, (emulator) => expect(outcomes(emulator, 'postgres.server.get')[0]).toBe('reset')),
    },
    {
      kind: 'connection-reset',
      name: 'a dropped connection on the backup PUT is not repeated: one attempt, a clear failure',
      arrange: (emulator) => emulator.inject({ route: 'postgres.backup.put', reset: true }),
      expect: { exitCode: 1, error: /Starting On-demand backup 'pre-migration-7001-1' of server pg-orders failed/, remote: (emulator) => expect(outcomes(emulator, 'postgres.backup.put')).toEqual(['reset']) },
    },
    {
      kind: 'slow-response',
      name: 'a 3 s answer to the server read and the PUT is waited for, not retried',
      arrange: (emulator) => emulator.inject({ route: 'postgres.server.get', latencyMs: 3000 }, { route: 'postgres.backup.put', latencyMs: 3000 }),
      expect: succeeds(undefined, (emulator) => expect(outcomes(emulator, 'postgres.backup.put')).toEqual([202])),
    },
    {
      kind: 'lro-failed',
      name: 'the backup operation ends Failed: the service error, no restore time',
      arrange: (emulator) => (emulator.postgres.failNextBackup = { code: 'InternalServerError', message: 'An unexpected error occured while processing the request.' }),
      expect: { exitCode: 1, error: /failed in Azure: InternalServerError: An unexpected error/, remote: (emulator, main) => expect(main.outputs['restore-time']).toBeUndefined() },
    },
    {
      kind: 'token-endpoint',
      name: 'a 503 from the token endpoint once is retried',
      arrange: (emulator) => emulator.inject({ route: 'entra.token', status: 503 }),
      expect: succeeds(/Entra ID token endpoint answered HTTP 503/),
    },
    {
      kind: 'token-endpoint',
      name: 'a refusal (no matching federated credential) fails at once; nothing is read or written',
      arrange: (emulator) => (emulator.core.identity.jobSubject = 'repo:contoso/migrations:ref:refs/heads/feature'),
      expect: {
        exitCode: 1,
        error: /could not sign in to Azure: Entra ID refused the GitHub OIDC token.*AADSTS70021/,
        remote: (emulator, main, post) => {
          nothingWritten(emulator, main, post);
          expect(emulator.core.requestsTo('postgres.server.get')).toHaveLength(0);
        },
      },
    },
    {
      kind: 'token-expiry',
      name: 'tokens living 2 s during a 5 s backup are renewed with fresh ID tokens',
      arrange: (emulator) => {
        emulator.core.identity.accessTokenLifetimeSeconds = 2;
        emulator.core.identity.idTokenLifetimeSeconds = 2;
        emulator.postgres.backupDelayMs = 5000;
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
      expect: succeeds(/answered HTTP 500/),
    },
    {
      kind: 'id-token',
      name: 'a 403 from the ID token service is final and says so; nothing written',
      arrange: (emulator) => emulator.inject({ route: 'github.idtoken', status: 403, body: { message: 'Forbidden' } }),
      expect: { exitCode: 1, error: "Could not get a GitHub ID token for Azure federation: the runner's token service answered HTTP 403", remote: nothingWritten },
    },
    {
      kind: 'sigint',
      name: 'while reading the server: no backup is requested',
      arrange: (emulator) => emulator.inject({ route: 'postgres.server.get', latencyMs: 4000 }),
      cancelOn: seen('postgres.server.get'),
      expect: { exitCode: 1, error: /^Cancelled \(SIGINT\)/, remote: nothingWritten },
    },
    {
      kind: 'sigint',
      name: 'while the accepted backup runs: one PUT, the step stops waiting (a backup is harmless to finish)',
      arrange: (emulator) => (emulator.postgres.backupDelayMs = 20_000),
      cancelOn: (emulator) => outcomes(emulator, 'postgres.backup.put').includes(202),
      expect: { exitCode: 1, error: /^Cancelled \(SIGINT\)/, remote: (emulator, main) => {
        expect(outcomes(emulator, 'postgres.backup.put')).toEqual([202]);
        expect(main.outputs['restore-time']).toBeUndefined();
      } },
    },
  ],
};
