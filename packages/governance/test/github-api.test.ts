import nock from 'nock';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ActionError } from '@te-actions/action-kit';
import { createGitHubClient, getEnvironment, getRunApprovals } from '../src/github-api.js';

const GHES = 'https://ghe.contoso.example';
const repo = { owner: 'contoso', repo: 'migrations' };

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());
afterAll(() => nock.enableNetConnect());

describe('GitHub API calls', () => {
  test('follow GITHUB_API_URL (GitHub Enterprise Server /api/v3), send the token and encode the environment name', async () => {
    const scope = nock(GHES, { reqheaders: { authorization: 'token ghs_test' } })
      .get('/api/v3/repos/contoso/migrations/environments/Prod%20EU%20%231')
      .reply(200, { name: 'Prod EU #1', protection_rules: [{ type: 'required_reviewers', reviewers: [] }] })
      .get('/api/v3/repos/contoso/migrations/actions/runs/7001/approvals')
      .reply(200, [{ environments: [{ name: 'Prod EU #1' }], state: 'approved', user: { login: 'bob' }, comment: '' }]);
    const client = await createGitHubClient('ghs_test', { GITHUB_API_URL: `${GHES}/api/v3/` });
    expect(await getEnvironment(client, repo, 'Prod EU #1')).toMatchObject({ name: 'Prod EU #1' });
    expect(await getRunApprovals(client, repo, 7001)).toEqual([{ environments: [{ name: 'Prod EU #1' }], state: 'approved', user: { login: 'bob' }, comment: '' }]);
    expect(scope.isDone()).toBe(true);
  });

  test('a missing environment is undefined; any other failure is an ActionError without the token', async () => {
    nock(GHES).get('/repos/contoso/migrations/environments/production').reply(404, { message: 'Not Found' });
    nock(GHES).get('/repos/contoso/migrations/environments/staging').reply(500, { message: 'boom' });
    nock(GHES).get('/repos/contoso/migrations/actions/runs/7001/approvals').reply(200, { not: 'a list' });
    const client = await createGitHubClient('ghs_secret_token', { GITHUB_API_URL: GHES });
    expect(await getEnvironment(client, repo, 'production')).toBeUndefined();
    const error = await getEnvironment(client, repo, 'staging').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ActionError);
    expect((error as Error).message).toMatch(/^GitHub API: could not read environment staging \(HTTP 500: boom/);
    expect((error as Error).message).not.toContain('ghs_secret_token');
    await expect(getRunApprovals(client, repo, 7001)).rejects.toThrow('could not read the approvals of run 7001 (request failed: the response is not a list of approvals)');
  });

  test('a network failure is reported as no answer, not as HTTP 500 with a token-permission hint', async () => {
    // A port nothing listens on: the connection is refused, so no HTTP answer exists.
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    nock.enableNetConnect('127.0.0.1');
    const client = await createGitHubClient('ghs_secret_token', { GITHUB_API_URL: `http://127.0.0.1:${port}` });
    const error = (await getEnvironment(client, repo, 'production').catch((caught: unknown) => caught)) as Error;
    nock.disableNetConnect();
    expect(error).toBeInstanceOf(ActionError);
    expect(error.message).toMatch(/^GitHub API: could not read environment production: no answer from the API \(ECONNREFUSED\)\. Check the runner's network access/);
    expect(error.message).not.toContain('HTTP 500');
    expect(error.message).not.toContain('permissions:');
  });

  test("a real HTTP 500 keeps its status and names GitHub's request ID", async () => {
    nock(GHES).get('/repos/contoso/migrations/actions/runs/7001/approvals').reply(500, { message: 'Server Error' }, { 'x-github-request-id': 'C0DE:1234:ABCD' });
    const client = await createGitHubClient('ghs_secret_token', { GITHUB_API_URL: GHES });
    await expect(getRunApprovals(client, repo, 7001)).rejects.toThrow('could not read the approvals of run 7001 (HTTP 500: Server Error, x-github-request-id: C0DE:1234:ABCD).');
  });
});
