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
