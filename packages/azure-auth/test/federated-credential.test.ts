import nock from 'nock';
import { GitHubFederatedCredential } from '../src/federated-credential.js';

const AUTHORITY = 'https://login.test';
const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const CLIENT = '0f5f1a2b-3c4d-4e5f-8a9b-0c1d2e3f4a5b';

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());
afterAll(() => {
  nock.enableNetConnect();
  nock.restore();
});
beforeEach(() => {
  process.env.ACTIONS_ID_TOKEN_REQUEST_URL = 'https://runner.test/idtoken?api-version=2.0';
  process.env.ACTIONS_ID_TOKEN_REQUEST_TOKEN = 'runtime-token';
});

describe('GitHubFederatedCredential', () => {
  test('exchanges a fresh ID token for every access token', async () => {
    const runner = nock('https://runner.test', { reqheaders: { authorization: 'Bearer runtime-token' } });
    for (const value of ['id-token-1', 'id-token-2']) {
      runner.get('/idtoken').query({ 'api-version': '2.0', audience: 'api://AzureADTokenExchange' }).reply(200, { value });
    }
    const forms: URLSearchParams[] = [];
    const capture = (body: unknown) => {
      forms.push(new URLSearchParams(typeof body === 'string' ? body : (body as Record<string, string>)));
      return true;
    };
    nock(AUTHORITY)
      .post(`/${TENANT}/oauth2/v2.0/token`, capture)
      .reply(200, { token_type: 'Bearer', expires_in: 3599, access_token: 'access-1' })
      .post(`/${TENANT}/oauth2/v2.0/token`, capture)
      .reply(200, { token_type: 'Bearer', expires_in: 3599, access_token: 'access-2' });
    const credential = new GitHubFederatedCredential(TENANT, CLIENT, AUTHORITY);
    const first = await credential.getToken('https://management.azure.com/.default');
    const second = await credential.getToken('https://management.azure.com/.default');
    expect([first.token, second.token]).toEqual(['access-1', 'access-2']);
    expect(forms.map((form) => form.get('client_assertion'))).toEqual(['id-token-1', 'id-token-2']);
    expect(Object.fromEntries(forms[0]!)).toMatchObject({
      client_id: CLIENT,
      grant_type: 'client_credentials',
      client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
      scope: 'https://management.azure.com/.default',
    });
    expect(first.expiresOnTimestamp).toBeGreaterThan(Date.now() + 3500_000);
  });

  test('a subject mismatch explains the federated credential to fix', async () => {
    nock('https://runner.test').get('/idtoken').query(true).reply(200, { value: 'id' });
    nock(AUTHORITY)
      .post(`/${TENANT}/oauth2/v2.0/token`)
      .reply(400, { error: 'invalid_client', error_description: "AADSTS70021: No matching federated identity record found for presented assertion.\r\nTrace ID: x" });
    await expect(new GitHubFederatedCredential(TENANT, CLIENT, AUTHORITY).getToken('https://management.azure.com/.default')).rejects.toThrow(
      /refused the GitHub OIDC token .*AADSTS70021: No matching federated identity record found for presented assertion\. Check that the app registration has a federated credential .*repo:ORG\/REPO:environment:production/,
    );
  });

  test('an ID token service failure is reported without the request token', async () => {
    nock('https://runner.test').get('/idtoken').query(true).reply(500, 'boom');
    const error = await new GitHubFederatedCredential(TENANT, CLIENT, AUTHORITY).getToken('x/.default').catch((e: Error) => e);
    expect((error as Error).message).toBe("Could not get a GitHub ID token for Azure federation: the runner's token service answered HTTP 500.");
    expect((error as Error).message).not.toContain('runtime-token');
  });

  test('a 503 whose body is not an OAuth error (a gateway\'s JSON) is a transient sign-in error naming the status', async () => {
    nock('https://runner.test').get('/idtoken').query(true).reply(200, { value: 'id' });
    nock(AUTHORITY).post(`/${TENANT}/oauth2/v2.0/token`).reply(503, { error: { code: 'ServiceUnavailable', message: 'try later' } });
    const error = (await new GitHubFederatedCredential(TENANT, CLIENT, AUTHORITY).getToken('x/.default').catch((e: Error) => e)) as Error & { transient?: boolean };
    expect(error.name).toBe('SignInError');
    expect(error.transient).toBe(true);
    expect(error.message).toBe(`Entra ID token endpoint answered HTTP 503 for client ${CLIENT}: HTTP 503`);
  });
});
