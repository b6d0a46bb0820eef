import { startEmulator, type Emulator } from '../emulator/index.ts';
import { startConnectProxy, type ConnectProxy } from '../proxy/connect-proxy.ts';
import { runStep } from '../runner/run-step.ts';
import { acrRemoteBuild } from './matrix/scenarios/acr-remote-build.ts';
import { destroyGuard } from './matrix/scenarios/destroy-guard.ts';
import { runJobAndWait } from './matrix/scenarios/run-job-and-wait.ts';
import { streamLogAnalytics } from './matrix/scenarios/stream-log-analytics.ts';
import { updateJobImage } from './matrix/scenarios/update-job-image.ts';
import type { Scenario } from './matrix/scenario.ts';

/**
 * Every request through HTTPS_PROXY: the emulator answers as `azure.test`, a name only the local
 * CONNECT proxy resolves, so Entra, ARM, Log Analytics, the blob upload and log tail, the live log
 * stream, the GitHub ID token and the GitHub API each either went through the proxy or failed.
 */
const HOST = 'azure.test';
let emulator: Emulator;
let proxy: ConnectProxy;

/** The emulator under the proxy-only name: every URL it hands out (Location, SAS, stream endpoints) too. */
function renameEmulator(): void {
  const port = new URL(emulator.url).port;
  emulator.core.base = `https://${HOST}:${port}`;
}

/** A retry line naming a failed name lookup: the request did not go through the proxy. */
const UNRESOLVED = /ENOTFOUND|EAI_AGAIN/;

async function runScenario(scenario: Scenario, env: Record<string, string>, options: { stopOnUnresolved?: boolean } = {}) {
  await scenario.setup?.(emulator);
  renameEmulator();
  try {
    return await runStep({
      action: scenario.action,
      inputs: scenario.inputs(emulator),
      env: { ...emulator.env(), ...env },
      github: scenario.github,
      workspace: scenario.workspace?.(),
      timeoutMs: 90_000,
      // The lookup failure is retried like any lost connection; once it is seen, the point is made.
      cancelWhen: options.stopOnUnresolved ? (stdout) => UNRESOLVED.test(stdout) : undefined,
    });
  } finally {
    await scenario.teardown?.(emulator);
  }
}

beforeAll(async () => {
  await acrRemoteBuild.setupOnce?.();
});

afterAll(async () => {
  await acrRemoteBuild.teardownOnce?.();
});

beforeEach(async () => {
  emulator = await startEmulator();
  proxy = await startConnectProxy({ [HOST]: Number(new URL(emulator.url).port) });
});

afterEach(async () => {
  await proxy.stop();
  await emulator.stop();
});

const origin = () => `${HOST}:${new URL(emulator.url).port}`;

describe('HTTPS_PROXY / NO_PROXY (committed bundles, a real CONNECT proxy)', () => {
  test('without the proxy the emulator name does not resolve (so the cases below prove the proxy was used)', async () => {
    const result = await runScenario(updateJobImage, {}, { stopOnUnresolved: true });
    expect(result.exitCode).toBe(1);
    expect(result.log).toMatch(UNRESOLVED);
    expect(emulator.core.requests).toEqual([]);
    expect(proxy.tunnels).toEqual([]);
  });

  test.each([
    ['update-job-image: ID token, Entra, ARM and the operation poll', updateJobImage, ['github.idtoken', 'entra.token', 'jobs.get', 'jobs.patch']],
    ['run-job-and-wait: ARM, the live log stream and Log Analytics', runJobAndWait, ['jobs.start', 'executions.get', 'executions.logstream']],
    ['stream-log-analytics: Log Analytics', streamLogAnalytics, ['loganalytics.query']],
    ['acr-remote-build: blob upload, run log tail and ACR Tasks', acrRemoteBuild, ['blob.put', 'blob.get', 'acr.scheduleRun']],
    ['destroy-guard: the GitHub API (Octokit)', destroyGuard, ['github.environment', 'github.approvals']],
  ] as const)('%s', async (_name, scenario, routes) => {
    const result = await runScenario(scenario, { HTTPS_PROXY: proxy.url, NO_PROXY: 'localhost,.internal.example' });
    expect(result.errors).toEqual([]);
    expect(result.exitCode).toBe(0);
    expect(proxy.tunnels.length).toBeGreaterThan(0);
    expect(proxy.tunnels.every((tunnel) => tunnel.opened && tunnel.authority === origin())).toBe(true);
    const seen = new Set(emulator.core.requests.map((request) => request.routeId));
    for (const route of routes) expect({ route, seen: seen.has(route) }).toEqual({ route, seen: true });
  });

  test('lower-case https_proxy works the same', async () => {
    const result = await runScenario(updateJobImage, { https_proxy: proxy.url });
    expect(result.exitCode).toBe(0);
    expect(proxy.tunnels.length).toBeGreaterThan(0);
  });

  test('NO_PROXY naming the host sends requests around the proxy (which then cannot resolve it)', async () => {
    const result = await runScenario(updateJobImage, { HTTPS_PROXY: proxy.url, NO_PROXY: `.example.com,${HOST}` }, { stopOnUnresolved: true });
    expect(result.exitCode).toBe(1);
    expect(proxy.tunnels).toEqual([]);
    expect(result.log).toMatch(UNRESOLVED);
  });

  test('loopback is never proxied', async () => {
    await updateJobImage.setup?.(emulator);
    const result = await runStep({ action: 'update-job-image', inputs: updateJobImage.inputs(emulator), env: { ...emulator.env(), HTTPS_PROXY: proxy.url }, timeoutMs: 60_000 });
    expect(result.exitCode).toBe(0);
    expect(proxy.tunnels).toEqual([]);
  });
});
