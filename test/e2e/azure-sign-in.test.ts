import { startEmulator, type Emulator } from '../emulator/index.ts';
import { runStep } from '../runner/run-step.ts';
import { expectNoSecrets } from './secret-scan.ts';

/**
 * Sign-in and endpoints, end to end through the committed update-job-image bundle (every Azure
 * action reads them through azure-auth's readAzureInputs / connectToAzure).
 */
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
  emulator.containerApps.addJob({ subscriptionId: SUBSCRIPTION, resourceGroup: 'rg-migrations', name: 'migrate-db', containers: [{ name: 'migrate', image: 'contoso.azurecr.io/migrations:1.4.1' }] });
});

afterEach(async () => {
  await emulator.stop();
});

describe('endpoint overrides need allow-custom-endpoints on the step', () => {
  test.each(['AZURE_AUTHORITY_HOST', 'AZURE_RESOURCE_MANAGER_ENDPOINT', 'AZURE_LOG_ANALYTICS_ENDPOINT'])('%s set without the input is refused before any request, naming the variable', async (variable) => {
    const env = emulator.env();
    const planted: Record<string, string> = {};
    for (const name of ['AZURE_AUTHORITY_HOST', 'AZURE_RESOURCE_MANAGER_ENDPOINT', 'AZURE_LOG_ANALYTICS_ENDPOINT']) planted[name] = name === variable ? env[name]! : '';
    const result = await run({ 'allow-custom-endpoints': 'false' }, planted);
    expect(result.exitCode).toBe(1);
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]).toContain(`Environment variable ${variable} is set, but endpoint overrides are honoured only when the step sets the input allow-custom-endpoints: true`);
    expect(emulator.core.requests).toEqual([]);
    expect(result.stdout).not.toMatch(/\n\s+at /);
  });

  test('with the input, the effective endpoints are logged', async () => {
    const result = await run();
    expect(result.exitCode).toBe(0);
    expect(result.log).toContain(`Custom endpoints (allow-custom-endpoints): authority ${emulator.url}, Resource Manager ${emulator.url}, Log Analytics ${emulator.url}.`);
  });
});

describe('OIDC sign-in', () => {
  test("prints the ID token's non-secret claims as Azure/login does, never the token", async () => {
    const result = await run();
    expect(result.exitCode).toBe(0);
    expect(result.log).toContain(
      [
        'Federated token details:',
        ' issuer - https://token.actions.githubusercontent.com',
        ' subject claim - repo:contoso/migrations:environment:production',
        ' audience - api://AzureADTokenExchange',
        ' job_workflow_ref - contoso/migrations/.github/workflows/prod.yml@refs/heads/main',
      ].join('\n'),
    );
    expect(result.log.match(/Federated token details:/g)).toHaveLength(1);
    expectNoSecrets(result, emulator);
  });

  test('a subject that differs only in case gets the case-sensitivity hint (AADSTS7002138)', async () => {
    emulator.core.identity.jobSubject = 'repo:Contoso/Migrations:environment:Production';
    const result = await run();
    expect(result.exitCode).toBe(1);
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]).toContain('AADSTS7002138');
    expect(result.errors[0]).toContain('Subjects are case-sensitive');
    expect(result.log).toContain(' subject claim - repo:Contoso/Migrations:environment:Production');
    expect(emulator.core.requestsTo('jobs.get')).toHaveLength(0);
  });

  test('the audience input is the audience of the ID token request', async () => {
    emulator.core.identity.audience = 'api://AzureADTokenExchangeUSGov';
    const refused = await run();
    expect(refused.exitCode).toBe(1);
    expect(refused.errors[0]).toContain('AADSTS700212');
    expect(refused.errors[0]).toContain('audience must equal the audience printed above');

    emulator.core.requests.length = 0;
    const result = await run({ audience: 'api://AzureADTokenExchangeUSGov' });
    expect(result.errors).toEqual([]);
    expect(result.exitCode).toBe(0);
    const idTokenRequests = emulator.core.requestsTo('github.idtoken');
    expect(idTokenRequests.length).toBeGreaterThanOrEqual(1);
    for (const request of idTokenRequests) expect(new URLSearchParams(request.query).get('audience')).toBe('api://AzureADTokenExchangeUSGov');
    expect(result.log).toContain(' audience - api://AzureADTokenExchangeUSGov');
  });

  test('client-id without tenant-id fails before any request, naming tenant-id', async () => {
    const result = await run({ 'tenant-id': '' });
    expect(result.exitCode).toBe(1);
    expect(result.errors).toEqual([expect.stringContaining("Input 'tenant-id' is empty while client-id is set.")]);
    expect(emulator.core.requests).toEqual([]);
  });
});

describe('managed identity (self-hosted runners on Azure)', () => {
  test('auth-type managed-identity signs in through the host identity endpoint, without a GitHub ID token', async () => {
    const env = emulator.env();
    const result = await run(
      { 'auth-type': 'managed-identity', 'tenant-id': '' },
      { IDENTITY_ENDPOINT: `${emulator.url}/_msi/token`, IDENTITY_HEADER: emulator.core.identity.requestToken, ACTIONS_ID_TOKEN_REQUEST_URL: '', ACTIONS_ID_TOKEN_REQUEST_TOKEN: '' },
    );
    expect(result.errors).toEqual([]);
    expect(result.exitCode).toBe(0);
    expect(result.log).toContain(`Signing in to AzureCloud with the managed identity with client ID ${emulator.core.identity.clientId}.`);
    const tokenRequests = emulator.core.requestsTo('entra.managedIdentity');
    expect(tokenRequests.length).toBeGreaterThanOrEqual(1);
    expect(new URLSearchParams(tokenRequests[0]!.query).get('resource')).toBe(env.AZURE_RESOURCE_MANAGER_ENDPOINT);
    expect(emulator.core.requestsTo('github.idtoken')).toHaveLength(0);
    expect(emulator.core.requestsTo('entra.token')).toHaveLength(0);
    expect(emulator.core.requestsTo('jobs.patch')).toHaveLength(1);
    expectNoSecrets(result, emulator);
  });
});

describe('request IDs', () => {
  test('every retry line and the error name x-ms-request-id and x-ms-correlation-request-id', async () => {
    emulator.inject({ route: 'jobs.get', status: 503, retryAfter: 0 }, { route: 'jobs.patch', status: 409, body: { error: { code: 'ContainerAppOperationInProgress', message: 'Another operation is in progress.' } } });
    const result = await run();
    expect(result.exitCode).toBe(1);
    expect(result.log).toMatch(/Reading job migrate-db: HTTP 503; retrying in \S+ s \(attempt 2 of 7\)\. \(x-ms-request-id: [0-9a-f-]{36}, x-ms-correlation-request-id: [0-9a-f-]{36}\)/);
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]).toMatch(/HTTP 409 ContainerAppOperationInProgress: Another operation is in progress\. \(x-ms-request-id: [0-9a-f-]{36}, x-ms-correlation-request-id: [0-9a-f-]{36}\)/);
  });
});
