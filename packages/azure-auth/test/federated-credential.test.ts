import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describeClaims, GitHubFederatedCredential } from '../src/federated-credential.js';

const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const CLIENT = '0f5f1a2b-3c4d-4e5f-8a9b-0c1d2e3f4a5b';

interface Answer {
  status: number;
  body: unknown;
}

/** A local stand-in for the runner's ID token service and Entra's token endpoint. */
let server: Server;
let base: string;
let idTokenAnswers: Answer[];
let tokenAnswers: Answer[];
let idTokenRequests: { url: string; authorization?: string }[];
let tokenForms: URLSearchParams[];

async function body(req: IncomingMessage): Promise<string> {
  let text = '';
  for await (const chunk of req) text += chunk;
  return text;
}

beforeAll(async () => {
  server = createServer(async (req, res) => {
    const text = await body(req);
    let answer: Answer | undefined;
    if (req.method === 'GET' && req.url?.startsWith('/idtoken')) {
      idTokenRequests.push({ url: req.url, authorization: req.headers.authorization });
      answer = idTokenAnswers.shift();
    } else if (req.method === 'POST' && req.url === `/${TENANT}/oauth2/v2.0/token`) {
      tokenForms.push(new URLSearchParams(text));
      answer = tokenAnswers.shift();
    }
    answer ??= { status: 404, body: { message: 'unexpected request' } };
    res.writeHead(answer.status, { 'content-type': 'application/json' }).end(typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

beforeEach(() => {
  idTokenAnswers = [];
  tokenAnswers = [];
  idTokenRequests = [];
  tokenForms = [];
  process.env.ACTIONS_ID_TOKEN_REQUEST_URL = `${base}/idtoken?api-version=2.0`;
  process.env.ACTIONS_ID_TOKEN_REQUEST_TOKEN = 'runtime-token';
});

const credential = () => new GitHubFederatedCredential(TENANT, CLIENT, base);

describe('GitHubFederatedCredential', () => {
  test('exchanges a fresh ID token for every access token', async () => {
    idTokenAnswers.push({ status: 200, body: { value: 'id-token-1' } }, { status: 200, body: { value: 'id-token-2' } });
    tokenAnswers.push({ status: 200, body: { token_type: 'Bearer', expires_in: 3599, access_token: 'access-1' } }, { status: 200, body: { token_type: 'Bearer', expires_in: 3599, access_token: 'access-2' } });
    const subject = credential();
    const first = await subject.getToken('https://management.azure.com/.default');
    const second = await subject.getToken('https://management.azure.com/.default');
    expect([first.token, second.token]).toEqual(['access-1', 'access-2']);
    expect(first.expiresOnTimestamp).toBeGreaterThan(Date.now() + 3500_000);
    expect(idTokenRequests).toEqual([
      { url: '/idtoken?api-version=2.0&audience=api%3A%2F%2FAzureADTokenExchange', authorization: 'Bearer runtime-token' },
      { url: '/idtoken?api-version=2.0&audience=api%3A%2F%2FAzureADTokenExchange', authorization: 'Bearer runtime-token' },
    ]);
    expect(tokenForms.map((form) => form.get('client_assertion'))).toEqual(['id-token-1', 'id-token-2']);
    expect(Object.fromEntries(tokenForms[0]!)).toMatchObject({
      client_id: CLIENT,
      grant_type: 'client_credentials',
      client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
      scope: 'https://management.azure.com/.default',
    });
  });

  test('a subject mismatch explains the federated credential to fix', async () => {
    idTokenAnswers.push({ status: 200, body: { value: 'id' } });
    tokenAnswers.push({ status: 400, body: { error: 'invalid_client', error_description: "AADSTS700213: No matching federated identity record found for presented assertion subject 'repo:contoso/migrations:environment:staging'.\r\nTrace ID: x" } });
    await expect(credential().getToken('https://management.azure.com/.default')).rejects.toThrow(
      /refused the GitHub OIDC token .*AADSTS700213: No matching federated identity record found .* add one with exactly that subject \(e\.g\. repo:ORG\/REPO:environment:production/,
    );
  });

  test.each([
    ['AADSTS7002138: No matching federated identity record found for presented assertion subject', 'Subjects are case-sensitive'],
    ['AADSTS700212: No matching federated identity record found for presented assertion audience', "audience must equal the audience printed above"],
    ['AADSTS700211: No matching federated identity record found for presented assertion issuer', "issuer must equal the issuer printed above"],
    ['AADSTS70021: No matching federated identity record found for presented assertion.', 'compare them with the app registration'],
    ['AADSTS700024: Client assertion is not within its valid time range.', "check the runner's clock"],
    ['AADSTS700016: Application not found.', 'Check client-id'],
  ])('a hint for %s', async (description, hint) => {
    idTokenAnswers.push({ status: 200, body: { value: 'id' } });
    tokenAnswers.push({ status: 400, body: { error: 'invalid_client', error_description: description } });
    await expect(credential().getToken('https://management.azure.com/.default')).rejects.toThrow(hint);
  });

  test('an ID token service failure is reported without the request token', async () => {
    idTokenAnswers.push({ status: 500, body: 'boom' });
    const error = await credential().getToken('x/.default').catch((e: Error) => e);
    expect((error as Error).message).toBe("Could not get a GitHub ID token for Azure federation: the runner's token service answered HTTP 500.");
    expect((error as Error).message).not.toContain('runtime-token');
  });

  test("a 503 whose body is not an OAuth error (a gateway's JSON) is a transient sign-in error naming the status", async () => {
    idTokenAnswers.push({ status: 200, body: { value: 'id' } });
    tokenAnswers.push({ status: 503, body: { error: { code: 'ServiceUnavailable', message: 'try later' } } });
    const error = (await credential().getToken('x/.default').catch((e: Error) => e)) as Error & { transient?: boolean };
    expect(error.name).toBe('SignInError');
    expect(error.transient).toBe(true);
    expect(error.message).toBe(`Entra ID token endpoint answered HTTP 503 for client ${CLIENT}: HTTP 503`);
  });
});

describe('describeClaims', () => {
  const token = (claims: Record<string, unknown>) => `x.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.sig`;

  test("prints issuer, subject, audience and job_workflow_ref as azure/login does", () => {
    expect(describeClaims(token({ iss: 'https://token.actions.githubusercontent.com', sub: 'repo:o/r:environment:prod', aud: 'api://AzureADTokenExchange', job_workflow_ref: 'o/r/.github/workflows/d.yml@refs/heads/main', jti: 'secret-ish' }))).toBe(
      [
        'Federated token details:',
        ' issuer - https://token.actions.githubusercontent.com',
        ' subject claim - repo:o/r:environment:prod',
        ' audience - api://AzureADTokenExchange',
        ' job_workflow_ref - o/r/.github/workflows/d.yml@refs/heads/main',
      ].join('\n'),
    );
  });

  test('a claim cannot start a new line or a workflow command', () => {
    const text = describeClaims(token({ sub: 'repo:o/r:environment:x\n::add-mask::y', aud: ['a', 'b'], job_workflow_ref: '##[error]z' }));
    expect(text.split('\n')).toHaveLength(5);
    expect(text).not.toMatch(/^::/m);
    expect(text).not.toContain('##[');
    expect(text).toContain(' audience - a, b');
    expect(describeClaims('not-a-jwt')).toContain(' issuer - (none)');
  });
});

