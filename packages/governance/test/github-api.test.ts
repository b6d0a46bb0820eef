import nock from 'nock';
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
});
