import { readFileSync } from 'node:fs';
import { request } from 'node:https';
import { startEmulator, type Emulator } from './index.ts';

let emulator: Emulator;

function call(method: string, path: string, body?: unknown, authorization = `Bearer ${emulator.deployments.workflowToken}`): Promise<{ status: number; body: any }> {
  return new Promise((resolve, reject) => {
    const req = request(`${emulator.url}${path}`, { method, ca: readFileSync(emulator.caFile), headers: { authorization, 'content-type': 'application/json' } }, (res) => {
      let text = '';
      res.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) }));
    });
    req.on('error', reject);
    req.end(body === undefined ? undefined : JSON.stringify(body));
  });
}

beforeAll(async () => {
  emulator = await startEmulator();
});
afterAll(() => emulator.stop());

describe('emulated GitHub deployments API (REST reference, deployments and deployment statuses)', () => {
  test('create → 201 with the documented fields; a status → 201; list filters by environment, newest first', async () => {
    const first = await call('POST', '/repos/contoso/migrations/deployments', { ref: 'main', environment: 'production', auto_merge: false, required_contexts: [], payload: { image: 'contoso.azurecr.io/migrations@sha256:aa' } });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ ref: 'main', task: 'deploy', environment: 'production', original_environment: 'production', production_environment: true, transient_environment: false, payload: { image: 'contoso.azurecr.io/migrations@sha256:aa' } });
    expect(first.body.statuses_url).toBe(`${first.body.url}/statuses`);
    const second = await call('POST', '/repos/contoso/migrations/deployments', { ref: 'main', environment: 'production', payload: '{"image":"b"}' });
    expect(second.body.payload).toEqual({ image: 'b' });
    await call('POST', '/repos/contoso/migrations/deployments', { ref: 'main', environment: 'dev' });

    const status = await call('POST', `/repos/contoso/migrations/deployments/${first.body.id}/statuses`, { state: 'success', log_url: 'https://portal.azure.com/#resource/x', description: 'migrated' });
    expect(status.status).toBe(201);
    expect(status.body).toMatchObject({ state: 'success', environment: 'production', log_url: 'https://portal.azure.com/#resource/x', target_url: 'https://portal.azure.com/#resource/x', deployment_url: first.body.url });

    const listed = await call('GET', '/repos/contoso/migrations/deployments?environment=production&per_page=10');
    expect(listed.status).toBe(200);
    expect(listed.body.map((deployment: { id: number }) => deployment.id)).toEqual([second.body.id, first.body.id]);
    const statuses = await call('GET', `/repos/contoso/migrations/deployments/${first.body.id}/statuses`);
    expect(statuses.body.map((each: { state: string }) => each.state)).toEqual(['success']);
  });

  test('a success marks earlier successful non-production deployments of the environment inactive (auto_inactive)', async () => {
    const make = async () => (await call('POST', '/repos/contoso/migrations/deployments', { ref: 'main', environment: 'staging' })).body.id as number;
    const older = await make();
    await call('POST', `/repos/contoso/migrations/deployments/${older}/statuses`, { state: 'success' });
    const newer = await make();
    await call('POST', `/repos/contoso/migrations/deployments/${newer}/statuses`, { state: 'success' });
    const states = (await call('GET', `/repos/contoso/migrations/deployments/${older}/statuses`)).body.map((each: { state: string }) => each.state);
    expect(states).toEqual(['inactive', 'success']);
  });

  test('validation and auth errors as documented: 422 without ref or with an unknown state, 404, 401', async () => {
    expect((await call('POST', '/repos/contoso/migrations/deployments', { environment: 'production' })).status).toBe(422);
    const created = await call('POST', '/repos/contoso/migrations/deployments', { ref: 'main' });
    const bad = await call('POST', `/repos/contoso/migrations/deployments/${created.body.id}/statuses`, { state: 'done' });
    expect(bad.status).toBe(422);
    expect(bad.body.errors[0]).toMatchObject({ resource: 'DeploymentStatus', field: 'state' });
    expect((await call('POST', '/repos/contoso/migrations/deployments/1/statuses', { state: 'success' })).status).toBe(404);
    expect((await call('GET', '/repos/contoso/migrations/deployments', undefined, 'Bearer nope')).status).toBe(401);
  });
});
