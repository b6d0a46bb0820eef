import { readFileSync } from 'node:fs';
import { request } from 'node:https';
import { startEmulator, type Emulator } from './index.ts';

let emulator: Emulator;

function get(path: string, authorization?: string): Promise<{ status: number; body: unknown }> {
  return new Promise((resolve, reject) => {
    const req = request(`${emulator.url}${path}`, { ca: readFileSync(emulator.caFile), headers: authorization ? { authorization } : {} }, (res) => {
      let text = '';
      res.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) }));
    });
    req.on('error', reject);
    req.end();
  });
}

beforeAll(async () => {
  emulator = await startEmulator();
  emulator.github.addEnvironment({ name: 'production', reviewers: ['bob'], waitTimer: 5 });
  emulator.github.approve(7001, 'production', 'bob');
});
afterAll(() => emulator.stop());

describe('emulated GitHub REST routes', () => {
  test('environments carry their protection rules, as GitHub reports them', async () => {
    const { status, body } = await get('/repos/contoso/migrations/environments/PRODUCTION', `token ${emulator.github.workflowToken}`);
    expect(status).toBe(200);
    expect(body).toMatchObject({
      name: 'production',
      protection_rules: [
        { type: 'wait_timer', wait_timer: 5 },
        { type: 'required_reviewers', prevent_self_review: false, reviewers: [{ type: 'User', reviewer: { login: 'bob' } }] },
      ],
      deployment_branch_policy: null,
    });
    expect((await get('/repos/contoso/migrations/environments/staging', `Bearer ${emulator.github.workflowToken}`)).status).toBe(404);
  });

  test('run approvals list reviews with environment, state and user', async () => {
    const { status, body } = await get('/repos/contoso/migrations/actions/runs/7001/approvals', `Bearer ${emulator.github.workflowToken}`);
    expect(status).toBe(200);
    expect(body).toEqual([expect.objectContaining({ environments: [expect.objectContaining({ name: 'production' })], state: 'approved', user: expect.objectContaining({ login: 'bob' }) })]);
    expect((await get('/repos/contoso/migrations/actions/runs/9999/approvals', `token ${emulator.github.workflowToken}`)).body).toEqual([]);
  });

  test('pending deployments list the environment with its reviewers; team memberships answer 200 or 404', async () => {
    emulator.github.addPending({ runId: 7002, environment: 'production' });
    const pending = await get('/repos/contoso/migrations/actions/runs/7002/pending_deployments', `Bearer ${emulator.github.workflowToken}`);
    expect(pending).toEqual({
      status: 200,
      body: [expect.objectContaining({ environment: expect.objectContaining({ name: 'production' }), wait_timer: 0, current_user_can_approve: false, reviewers: [expect.objectContaining({ type: 'User' })] })],
    });
    expect((await get('/repos/contoso/migrations/actions/runs/7001/pending_deployments', `Bearer ${emulator.github.workflowToken}`)).body).toEqual([]);
    emulator.github.addTeamMember('contoso', 'dba', 'erin');
    expect(await get('/orgs/contoso/teams/dba/memberships/erin', `token ${emulator.github.workflowToken}`)).toEqual({ status: 200, body: expect.objectContaining({ role: 'member', state: 'active' }) });
    expect((await get('/orgs/contoso/teams/dba/memberships/frank', `token ${emulator.github.workflowToken}`)).status).toBe(404);
    expect((await get('/orgs/contoso/teams/dba/memberships/erin')).status).toBe(401);
  });

  test('a review carries the reviewer\'s user type', async () => {
    emulator.github.review({ runId: 7003, environment: 'production', login: 'release-bot', userType: 'Bot' });
    const { body } = await get('/repos/contoso/migrations/actions/runs/7003/approvals', `token ${emulator.github.workflowToken}`);
    expect(body).toEqual([expect.objectContaining({ user: expect.objectContaining({ login: 'release-bot', type: 'Bot' }) })]);
  });

  test('only the workflow token is accepted', async () => {
    expect(await get('/repos/contoso/migrations/environments/production')).toEqual({ status: 401, body: expect.objectContaining({ message: 'Requires authentication' }) });
    expect((await get('/repos/contoso/migrations/environments/production', 'token ghs_wrong')).status).toBe(401);
    expect((await get('/repos/contoso/migrations/actions/runs/7001/approvals', 'Basic abc')).status).toBe(401);
  });

  test('faults are injected per route', async () => {
    emulator.inject({ route: 'github.approvals', status: 503 });
    expect((await get('/repos/contoso/migrations/actions/runs/7001/approvals', `token ${emulator.github.workflowToken}`)).status).toBe(503);
    expect((await get('/repos/contoso/migrations/actions/runs/7001/approvals', `token ${emulator.github.workflowToken}`)).status).toBe(200);
  });
});
