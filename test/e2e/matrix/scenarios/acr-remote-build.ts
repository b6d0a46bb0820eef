import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startAzurite, type Azurite } from '../../../emulator/azurite.ts';
import type { Emulator } from '../../../emulator/index.ts';
import { REGISTRY, RESOURCE_GROUP, SUBSCRIPTION, VALID_INPUTS } from '../baselines.ts';
import { outcomes } from '../remote-state.ts';
import type { Expectation, Scenario } from '../scenario.ts';

let azurite: Azurite | undefined;
let workspace: string | undefined;

/** The build context: a Dockerfile and a little application. */
function buildContext(): string {
  workspace = mkdtempSync(join(tmpdir(), 'te-matrix-acr-'));
  mkdirSync(join(workspace, 'app'));
  writeFileSync(join(workspace, 'Dockerfile'), 'FROM mcr.microsoft.com/dotnet/runtime:8.0\nCOPY app/ /app/\nRUN dotnet /app/migrate.dll --check\nENTRYPOINT ["dotnet", "/app/migrate.dll"]\n');
  writeFileSync(join(workspace, 'app', 'migrate.dll'), 'binary');
  return workspace;
}

const runs = (emulator: Emulator) => [...emulator.acr.runs.values()];

/** Runs not yet in a terminal state, once every run the engine started has had `settleMs` to end. */
async function runsStillGoing(emulator: Emulator, settleMs = 3000): Promise<string[]> {
  await Promise.race([Promise.all(runs(emulator).map((run) => run.done)), new Promise((resolve) => setTimeout(resolve, settleMs))]);
  return runs(emulator)
    .filter((run) => ['Queued', 'Started', 'Running'].includes(run.status))
    .map((run) => `${run.runId} ${run.status}`);
}

const builds = (log?: RegExp, remote?: Expectation['remote']): Expectation => ({
  exitCode: 0,
  log,
  remote: async (emulator, main, post) => {
    const all = runs(emulator);
    expect(all.map((run) => run.status)).toEqual(['Succeeded']);
    expect(main.outputs.digest).toBe(all[0]!.outputImages[0]!.digest);
    expect(main.log).toContain(`Run ID: ${all[0]!.runId} was successful`);
    expect(emulator.core.requestsTo('acr.runs.cancel')).toHaveLength(0);
    await remote?.(emulator, main, post);
  },
});

const fails = (error: string | RegExp, remote?: Expectation['remote']): Expectation => ({
  exitCode: 1,
  error,
  remote: async (emulator, main, post) => {
    expect(await runsStillGoing(emulator)).toEqual([]);
    expect(main.outputs.digest).toBeUndefined();
    await remote?.(emulator, main, post);
  },
});

const cancelled = (remote?: Expectation['remote']) => fails(/^Cancelled \(SIGINT\)/, remote);
const seen = (routeId: string) => (emulator: Emulator) => emulator.core.requestsTo(routeId).length > 0;

export const acrRemoteBuild: Scenario = {
  action: 'acr-remote-build',
  async setupOnce() {
    azurite = await startAzurite();
  },
  async teardownOnce() {
    await azurite?.stop();
  },
  async setup(emulator) {
    await emulator.acr.attachAzurite(azurite!);
    emulator.acr.addRegistry({ subscriptionId: SUBSCRIPTION, resourceGroup: RESOURCE_GROUP, name: REGISTRY });
    emulator.acr.script = { outcome: 'Succeeded', queueMs: 200, stepDelayMs: 100, logLagMs: 200, extraLogLines: 0 };
  },
  teardown() {
    if (workspace) rmSync(workspace, { recursive: true, force: true });
    workspace = undefined;
  },
  workspace: buildContext,
  inputs: VALID_INPUTS['acr-remote-build']!,
  notApplicable: {
    'github-api': 'acr-remote-build calls no GitHub REST API (the ID token service is covered by id-token).',
  },
  cases: [
    {
      kind: 'throttled',
      name: 'run status and the schedule answered 429 (Retry-After 1): one run, built',
      arrange: (emulator) => emulator.inject({ route: 'acr.scheduleRun', status: 429, retryAfter: 1 }, { route: 'acr.runs.get', status: 429, retryAfter: 1 }),
      expect: builds(/HTTP 429; retrying in 1\.0 s/, (emulator) => expect(outcomes(emulator, 'acr.scheduleRun')).toEqual([429, 200])),
    },
    {
      kind: 'server-error',
      name: 'listLogSasUrl answers logArtifactLink only and the artifact log answers 503 once: retried, built',
      arrange: (emulator) => {
        emulator.acr.logLinks = 'artifact';
        emulator.inject({ route: 'acr.logArtifact', status: 503, retryAfter: 1 });
      },
      expect: builds(undefined, (emulator) => expect(outcomes(emulator, 'acr.logArtifact')).toContain(503)),
    },
    {
      kind: 'throttled',
      name: 'the context upload answered 429: retried, built',
      arrange: (emulator) => emulator.inject({ route: 'blob.put', status: 429, retryAfter: 1 }),
      expect: builds(undefined, (emulator) => expect(outcomes(emulator, 'blob.put')[0]).toBe(429)),
    },
    {
      kind: 'server-error',
      name: '500 on the upload and the log, 503 on the run status: retried, built',
      arrange: (emulator) => emulator.inject({ route: 'blob.put', status: 500 }, { route: 'blob.get', status: 500 }, { route: 'acr.runs.get', status: 503 }),
      expect: builds(),
    },
    {
      kind: 'server-error',
      name: 'the schedule answered 500 (maybe processed): not repeated, a clear failure, nothing building',
      arrange: (emulator) => emulator.inject({ route: 'acr.scheduleRun', status: 500 }),
      expect: fails(/HTTP 500/, (emulator) => expect(outcomes(emulator, 'acr.scheduleRun')).toEqual([500])),
    },
    {
      kind: 'connection-reset',
      name: 'dropped connections on the upload, the run status and the log: retried, built',
      arrange: (emulator) => emulator.inject({ route: 'blob.put', reset: true }, { route: 'acr.runs.get', reset: true }, { route: 'blob.get', reset: true }),
      expect: builds(undefined, (emulator) => expect(outcomes(emulator, 'blob.put')[0]).toBe('reset')),
    },
    {
      kind: 'slow-response',
      name: 'the run status and the log answer 2 s late: built, the log printed once',
      arrange: (emulator) => emulator.inject({ route: 'acr.runs.get', latencyMs: 2000 }, { route: 'blob.get', latencyMs: 2000 }),
      expect: builds(undefined, (_emulator, main) => expect(main.log.split('\n').filter((line) => line.startsWith('Step 1/')).length).toBe(1)),
    },
    {
      kind: 'past-deadline',
      name: 'the build outlives its time limit: ACR ends it as Timeout, the step fails',
      arrange: (emulator) => (emulator.acr.script.outcome = 'Timeout'),
      expect: fails('ended with status Timeout', (emulator) => expect(runs(emulator).map((run) => run.status)).toEqual(['Timeout'])),
    },
    {
      kind: 'lro-failed',
      name: 'the build fails: exit 1, its log printed',
      arrange: (emulator) => (emulator.acr.script.outcome = 'Failed'),
      expect: fails(/ended with status Failed/, (_emulator, main) => expect(main.log).toContain("returned a non-zero code: 1")),
    },
    {
      kind: 'lro-failed',
      name: 'the run ends in Error: exit 1',
      arrange: (emulator) => (emulator.acr.script.outcome = 'Error'),
      expect: fails('ended with status Error'),
    },
    {
      kind: 'token-endpoint',
      name: 'a 503 from the token endpoint once is retried',
      arrange: (emulator) => emulator.inject({ route: 'entra.token', status: 503 }),
      expect: builds(/Entra ID token endpoint answered HTTP 503/),
    },
    {
      kind: 'token-endpoint',
      name: 'a refusal fails at once: nothing uploaded or built',
      arrange: (emulator) => (emulator.core.identity.jobSubject = 'repo:contoso/migrations:ref:refs/heads/main'),
      expect: fails(/Entra ID refused the GitHub OIDC token.*AADSTS70021/, (emulator) => {
        expect(emulator.core.requestsTo('acr.uploadUrl')).toHaveLength(0);
        expect(runs(emulator)).toEqual([]);
      }),
    },
    {
      kind: 'token-expiry',
      name: 'tokens living 2 s during a 5 s build: renewed with fresh ID tokens',
      arrange: (emulator) => {
        emulator.core.identity.accessTokenLifetimeSeconds = 2;
        emulator.core.identity.idTokenLifetimeSeconds = 2;
        emulator.acr.script.stepDelayMs = 1000;
      },
      expect: builds(undefined, (emulator) => expect(emulator.core.stats.accessTokensIssued).toBeGreaterThanOrEqual(2)),
    },
    {
      kind: 'id-token',
      name: 'a 500 from the ID token service once is retried',
      arrange: (emulator) => emulator.inject({ route: 'github.idtoken', status: 500 }),
      expect: builds(/answered HTTP 500/),
    },
    {
      kind: 'sigint',
      name: 'while uploading the context: nothing is scheduled',
      arrange: (emulator) => emulator.inject({ route: 'blob.put', latencyMs: 4000 }),
      cancelOn: seen('blob.put'),
      expect: cancelled((emulator) => expect(emulator.core.requestsTo('acr.scheduleRun')).toHaveLength(0)),
    },
    {
      kind: 'sigint',
      name: 'while the schedule request is in flight: whatever it queued is cancelled',
      arrange: (emulator) => {
        emulator.acr.script.outcome = 'hang';
        emulator.inject({ route: 'acr.scheduleRun', latencyMs: 1500 });
      },
      cancelOn: seen('acr.scheduleRun'),
      expect: cancelled(async (emulator) => {
        await new Promise((resolve) => setTimeout(resolve, 1500));
        expect(await runsStillGoing(emulator, 500)).toEqual([]);
      }),
    },
    {
      kind: 'sigint',
      name: 'while the build runs: cancelled within 5 s, post has nothing to do',
      arrange: (emulator) => (emulator.acr.script.outcome = 'hang'),
      cancelWhen: (stdout) => stdout.includes('Step 1/'),
      expect: cancelled((emulator, main, post) => {
        const [run] = runs(emulator);
        expect(run!.status).toBe('Canceled');
        expect(run!.cancelRequestedAt! - (main.spawnedAt + main.cancelledAtMs!)).toBeLessThan(5000);
        expect(emulator.core.requestsTo('acr.runs.cancel')).toHaveLength(1);
        expect(post!.log).not.toContain('cancelled it');
      }),
    },
    {
      kind: 'sigint',
      name: "main's own cancel fails (503 past its short retries): the post step cancels the run",
      arrange: (emulator) => {
        emulator.acr.script.outcome = 'hang';
        emulator.inject({ route: 'acr.runs.cancel', status: 503, times: 5 });
      },
      cancelWhen: (stdout) => stdout.includes('Step 1/'),
      expect: cancelled((emulator, main, post) => {
        expect(main.log).toContain('the post step will try again');
        expect(post!.log).toMatch(/was still going: cancelled it/);
        expect(runs(emulator).map((run) => run.status)).toEqual(['Canceled']);
      }),
    },
    {
      kind: 'sigint',
      name: "cancel answered 409 while the run still goes: main does not count it as ended, the post step cancels it",
      arrange: (emulator) => {
        emulator.acr.script.outcome = 'hang';
        emulator.inject({ route: 'acr.runs.cancel', status: 409, body: { error: { code: 'Conflict', message: 'The run cannot be canceled now.' } } });
      },
      cancelWhen: (stdout) => stdout.includes('Step 1/'),
      expect: cancelled((emulator, main, post) => {
        expect(main.log).toContain('could not be cancelled (HTTP 409) and is Running; the post step will try again');
        expect(post!.log).toMatch(/was still going: cancelled it/);
        expect(runs(emulator).map((run) => run.status)).toEqual(['Canceled']);
      }),
    },
  ],
};
