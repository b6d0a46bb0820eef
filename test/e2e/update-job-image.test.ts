import { startEmulator, type Emulator } from '../emulator/index.ts';
import { runStep } from '../runner/run-step.ts';
import { expectNoSecrets } from './secret-scan.ts';

const SUBSCRIPTION = '34adfa4f-cedf-4dc0-ba29-b6d1a69ab345';
let emulator: Emulator;

function inputs(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    'subscription-id': SUBSCRIPTION,
    'resource-group': 'rg-migrations',
    'job-name': 'migrate-db',
    image: 'contoso.azurecr.io/migrations:1.4.2',
    'client-id': emulator.core.identity.clientId,
    'tenant-id': emulator.core.identity.tenantId,
    ...overrides,
  };
}

const run = (overrides: Record<string, string> = {}, env: Record<string, string> = {}) =>
  runStep({ action: 'update-job-image', inputs: inputs(overrides), env: { ...emulator.env(), ...env }, timeoutMs: 60_000 });

beforeEach(async () => {
  emulator = await startEmulator();
  emulator.containerApps.updateDelayMs = 200;
  emulator.containerApps.addJob({ subscriptionId: SUBSCRIPTION, resourceGroup: 'rg-migrations', name: 'migrate-db', containers: [{ name: 'migrate', image: 'contoso.azurecr.io/migrations:1.4.1' }] });
});

afterEach(async () => {
  await emulator.stop();
});

describe('update-job-image (committed bundle, runner environment, emulator over TLS with OIDC)', () => {
  test('updates the image with a PATCH of the template only, keeps secrets, and sets outputs', async () => {
    const result = await run();
    expect(result.errors).toEqual([]);
    expect(result.exitCode).toBe(0);
    expect(result.outputs).toEqual({ 'previous-image': 'contoso.azurecr.io/migrations:1.4.1', image: 'contoso.azurecr.io/migrations:1.4.2', changed: 'true' });

    const patches = emulator.core.requestsTo('jobs.patch');
    expect(patches).toHaveLength(1);
    const body = patches[0]!.body as { properties: Record<string, unknown> };
    expect(Object.keys(body)).toEqual(['properties']);
    expect(Object.keys(body.properties)).toEqual(['template']);
    expect(body).toMatchObject({ properties: { template: { containers: [{ name: 'migrate', image: 'contoso.azurecr.io/migrations:1.4.2' }] } } });

    const job = emulator.containerApps.job(SUBSCRIPTION, 'rg-migrations', 'migrate-db')!;
    expect(job.resource.properties.template.containers[0].image).toBe('contoso.azurecr.io/migrations:1.4.2');
    expect(job.secrets[0]!.value).toContain('emulated-secret-value');
    expect(emulator.core.requestsTo('jobs.operation').length).toBeGreaterThanOrEqual(1);

    expect(result.summary).toContain('contoso.azurecr.io/migrations:1.4.1');
    expect(result.summary).toContain('](https://portal.azure.com/#resource/subscriptions/');
    expect(emulator.core.stats.assertionsAccepted.length).toBeGreaterThanOrEqual(1);
    expectNoSecrets(result, emulator);
  });

  test('follows the PATCH operation as recorded: no poll before Retry-After, each poll at the newest Location', async () => {
    // azure-powershell src/App/App.Autorest/test/AzContainerAppJob.Recording.json: 202 + Location +
    // Retry-After: 5, a new Location on each 202 poll, 200 with the job at the end.
    emulator.containerApps.updateDelayMs = 7000;
    const result = await run();
    expect(result.errors).toEqual([]);
    expect(result.exitCode).toBe(0);
    const [patch] = emulator.core.requestsTo('jobs.patch');
    expect(patch!.outcome).toBe(202);
    const polls = emulator.core.requestsTo('jobs.operation');
    expect(polls.map((poll) => poll.outcome)).toEqual([202, 200]);
    // Each poll went to the Location the previous answer gave (t=1 from the PATCH, t=2 from the first poll).
    expect(polls.map((poll) => new URLSearchParams(poll.query).get('t'))).toEqual(['1', '2']);
    // Retry-After: 5 was honoured before the first poll and between polls (timer slack allowed).
    expect(polls[0]!.at - patch!.at).toBeGreaterThanOrEqual(4900);
    expect(polls[1]!.at - polls[0]!.at).toBeGreaterThanOrEqual(4900);
    expect(emulator.core.requestsTo('jobs.operation.status')).toHaveLength(0);
    // The last poll's 200 carries the job: it is not read again.
    expect(emulator.core.requestsTo('jobs.get')).toHaveLength(1);
    expect(result.outputs.changed).toBe('true');
  });

  test('still copes with an update answered with Azure-AsyncOperation (opt-in shape)', async () => {
    emulator.containerApps.patchShape = 'async-operation';
    emulator.containerApps.updateRetryAfterSeconds = 1;
    const result = await run();
    expect(result.errors).toEqual([]);
    expect(result.exitCode).toBe(0);
    expect(emulator.core.requestsTo('jobs.operation.status').length).toBeGreaterThanOrEqual(1);
    expect(emulator.containerApps.job(SUBSCRIPTION, 'rg-migrations', 'migrate-db')!.resource.properties.template.containers[0].image).toBe('contoso.azurecr.io/migrations:1.4.2');
  });

  test('is idempotent: the same image sends no PATCH and reports changed=false', async () => {
    const result = await run({ image: 'contoso.azurecr.io/migrations:1.4.1' });
    expect(result.exitCode).toBe(0);
    expect(result.outputs).toEqual({ 'previous-image': 'contoso.azurecr.io/migrations:1.4.1', image: 'contoso.azurecr.io/migrations:1.4.1', changed: 'false' });
    expect(emulator.core.requestsTo('jobs.patch')).toHaveLength(0);
    expect(result.log).toContain('nothing to change');
  });

  test('recovers from 429 with Retry-After and from 500, honouring the delay', async () => {
    emulator.inject({ route: 'jobs.get', status: 429, retryAfter: 2 }, { route: 'jobs.patch', status: 500 });
    const result = await run();
    expect(result.errors).toEqual([]);
    expect(result.exitCode).toBe(0);
    const gets = emulator.core.requestsTo('jobs.get');
    expect(gets[0]!.outcome).toBe(429);
    expect(gets[1]!.at - gets[0]!.at).toBeGreaterThanOrEqual(1900);
    const patches = emulator.core.requestsTo('jobs.patch');
    expect(patches.map((request) => request.outcome)).toEqual([500, 202]);
    expect(result.log).toMatch(/HTTP 429; retrying in 2\.0 s/);
  });

  test('retries a GET after a connection reset', async () => {
    emulator.inject({ route: 'jobs.get', reset: true });
    const result = await run();
    expect(result.exitCode).toBe(0);
    expect(emulator.core.requestsTo('jobs.get')[0]!.outcome).toBe('reset');
  });

  test('an access token that expires mid-run is refreshed with a fresh GitHub ID token', async () => {
    emulator.core.identity.accessTokenLifetimeSeconds = 2;
    emulator.core.identity.idTokenLifetimeSeconds = 2;
    emulator.containerApps.updateDelayMs = 5000;
    const result = await run();
    expect(result.errors).toEqual([]);
    expect(result.exitCode).toBe(0);
    // Every access token request carried a new, unexpired ID token: an old one would be refused
    // (AADSTS700024) once its 2-second life was over.
    const assertions = emulator.core.stats.assertionsAccepted;
    expect(emulator.core.stats.accessTokensIssued).toBeGreaterThanOrEqual(2);
    expect(new Set(assertions).size).toBe(assertions.length);
    expect(emulator.core.stats.idTokensIssued).toBeGreaterThanOrEqual(emulator.core.stats.accessTokensIssued);
    expectNoSecrets(result, emulator);
  });

  test('a token endpoint or ID token service that fails once is retried', async () => {
    emulator.inject({ route: 'entra.token', status: 503, retryAfter: 0 }, { route: 'github.idtoken', status: 500 });
    const result = await run();
    expect(result.errors).toEqual([]);
    expect(result.exitCode).toBe(0);
    expect(result.log).toMatch(/answered HTTP 500\.; retrying|answered HTTP 503/);
  });

  test('a federated credential whose subject does not match is a clear, final error', async () => {
    emulator.core.identity.jobSubject = 'repo:contoso/migrations:environment:staging';
    const result = await run();
    expect(result.exitCode).toBe(1);
    expect(result.errors[0]).toContain('AADSTS700213: No matching federated identity record found');
    expect(result.errors[0]).toContain('repo:ORG/REPO:environment:production');
    expect(emulator.core.requestsTo('entra.token')).toHaveLength(1);
    expect(emulator.core.requestsTo('jobs.get')).toHaveLength(0);
    expectNoSecrets(result, emulator);
  });

  test('a failed update operation fails the step with the service error', async () => {
    emulator.containerApps.failNextUpdate = { code: 'ContainerAppImagePullFailed', message: 'Failed to pull image contoso.azurecr.io/migrations:1.4.2' };
    const result = await run();
    expect(result.exitCode).toBe(1);
    expect(result.errors.join('\n')).toContain('ContainerAppImagePullFailed');
    expect(result.stdout).not.toMatch(/\n\s+at /);
  });

  test('unknown job and unknown container are clear errors', async () => {
    const missing = await run({ 'job-name': 'no-such-job' });
    expect(missing.exitCode).toBe(1);
    expect(missing.errors[0]).toContain("Container Apps job 'no-such-job' was not found in resource group 'rg-migrations'");

    const container = await run({ 'container-name': 'web' });
    expect(container.exitCode).toBe(1);
    expect(container.errors[0]).toContain("Job 'migrate-db' has no container named 'web'. Its containers: migrate.");
  });

  test('a job with several containers needs container-name', async () => {
    emulator.containerApps.addJob({
      subscriptionId: SUBSCRIPTION,
      resourceGroup: 'rg-migrations',
      name: 'two-containers',
      containers: [{ name: 'migrate', image: 'contoso.azurecr.io/migrations:1.0.0' }, { name: 'sidecar', image: 'contoso.azurecr.io/proxy:2.0.0' }],
    });
    const ambiguous = await run({ 'job-name': 'two-containers' });
    expect(ambiguous.errors[0]).toContain('has 2 containers (migrate, sidecar). Set container-name');
    const named = await run({ 'job-name': 'two-containers', 'container-name': 'sidecar', image: 'contoso.azurecr.io/proxy:2.1.0' });
    expect(named.outputs).toMatchObject({ 'previous-image': 'contoso.azurecr.io/proxy:2.0.0', changed: 'true' });
    const containers = emulator.containerApps.job(SUBSCRIPTION, 'rg-migrations', 'two-containers')!.resource.properties.template.containers;
    expect(containers.map((each: { image: string }) => each.image)).toEqual(['contoso.azurecr.io/migrations:1.0.0', 'contoso.azurecr.io/proxy:2.1.0']);
  });

  describe('bad input fails before any network call, naming the input', () => {
    test.each([
      ['missing job name', { 'job-name': '' }, "Input 'job-name' is required but was empty. Expected a Container Apps job name"],
      ['invalid resource group', { 'resource-group': 'rg/../other' }, "Input 'resource-group' has the value \"rg/../other\", which breaks Azure's naming rules. Expected a resource group name"],
      ['image without tag or digest', { image: 'contoso.azurecr.io/migrations' }, "Input 'image' has the value \"contoso.azurecr.io/migrations\" without a tag or digest"],
      ['invalid subscription', { 'subscription-id': 'prod' }, "Input 'subscription-id' has the value \"prod\", which breaks Azure's naming rules. Expected a subscription ID"],
      ['unknown cloud', { environment: 'AzureMoon' }, "Input 'environment' has the value \"AzureMoon\". Expected one of AzureCloud, AzureUSGovernment, AzureChinaCloud."],
    ])('%s', async (_name, overrides, message) => {
      const result = await run(overrides);
      expect(result.exitCode).toBe(1);
      expect(result.errors).toHaveLength(1);
      expect(result.errors[0]).toContain(message);
      expect(emulator.core.requests).toHaveLength(0);
      expect(result.stdout).not.toMatch(/\n\s+at /);
    });

    test('missing OIDC variables name the id-token permission', async () => {
      const result = await run({}, { ACTIONS_ID_TOKEN_REQUEST_URL: '', ACTIONS_ID_TOKEN_REQUEST_TOKEN: '' });
      expect(result.exitCode).toBe(1);
      expect(result.errors[0]).toContain('id-token: write');
      expect(emulator.core.requests).toHaveLength(0);
    });
  });
});
