import { readRunContext } from '../src/run-context.js';

const env = {
  GITHUB_REPOSITORY: 'contoso/migrations',
  GITHUB_RUN_ID: '7001',
  GITHUB_RUN_ATTEMPT: '2',
  GITHUB_ACTOR: 'alice',
  GITHUB_TRIGGERING_ACTOR: 'carol',
  GITHUB_EVENT_NAME: 'workflow_dispatch',
  GITHUB_REF: 'refs/heads/main',
  GITHUB_SHA: 'abc',
  GITHUB_SERVER_URL: 'https://ghe.contoso.com/',
};

describe('readRunContext', () => {
  test('reads the run from the runner variables', () => {
    const run = readRunContext(env);
    expect(run).toMatchObject({ owner: 'contoso', repo: 'migrations', runId: 7001, actor: 'alice', triggeringActor: 'carol', eventName: 'workflow_dispatch', ref: 'refs/heads/main' });
    expect(run.runUrl).toBe('https://ghe.contoso.com/contoso/migrations/actions/runs/7001/attempts/2');
  });

  test('the triggering actor falls back to the actor', () => {
    expect(readRunContext({ ...env, GITHUB_TRIGGERING_ACTOR: '' }).triggeringActor).toBe('alice');
  });

  test('a missing repository or run id is an error', () => {
    expect(() => readRunContext({ ...env, GITHUB_REPOSITORY: '' })).toThrow('GITHUB_REPOSITORY is not set');
    expect(() => readRunContext({ ...env, GITHUB_REPOSITORY: 'a/b/c' })).toThrow('GITHUB_REPOSITORY is "a/b/c"');
    expect(() => readRunContext({ ...env, GITHUB_RUN_ID: 'x' })).toThrow('GITHUB_RUN_ID is "x"');
  });
});
