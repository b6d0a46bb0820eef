import type { Emulator } from '../../../emulator/index.ts';
import { registerSecret } from '../../../runner/secret-guard.ts';
import { RUN_ID, VALID_INPUTS } from '../baselines.ts';
import type { Expectation, Scenario } from '../scenario.ts';

const NOT_AZURE = 'destroy-guard signs in to nothing in Azure: it reads GitHub with the workflow token.';

/** Fail closed: the destroy is blocked by the named check, and no approver is output. */
const blockedBy = (check: string, why: RegExp): Expectation => ({
  exitCode: 1,
  error: new RegExp(`^destroy-guard blocked the destroy: .*${check}: ${why.source}`),
  remote: (_emulator, main) => {
    expect(main.outputs['approved-by']).toBeUndefined();
    expect(main.summary).toContain('destroy-guard: BLOCKED for production');
    expect(main.summary).toContain(`| ${check} | ❌ fail |`);
  },
});

const passes = (remote?: Expectation['remote']): Expectation => ({
  exitCode: 0,
  remote: async (emulator, main, post) => {
    expect(main.outputs).toEqual({ 'approved-by': 'bob' });
    await remote?.(emulator, main, post);
  },
});

const REFUSED_TOKEN = 'ghs_refusedToken00000000000000000000000';

const seen = (routeId: string) => (emulator: Emulator) => emulator.core.requestsTo(routeId).length > 0;

export const destroyGuard: Scenario = {
  action: 'destroy-guard',
  github: { runId: RUN_ID },
  setup(emulator) {
    emulator.github.addEnvironment({ name: 'production', reviewers: ['bob', 'carol'], preventSelfReview: true, protectedBranches: true });
    emulator.github.approve(RUN_ID, 'production', 'bob');
  },
  inputs: VALID_INPUTS['destroy-guard']!,
  notApplicable: {
    'past-deadline': 'destroy-guard has no time limit input; each GitHub request has a fixed 30 s limit, too long for a test (a slow answer within it is slow-response).',
    'lro-failed': 'destroy-guard starts no long-running operation: it only reads.',
    'token-endpoint': NOT_AZURE,
    'token-expiry': NOT_AZURE,
    'id-token': NOT_AZURE,
  },
  cases: [
    {
      kind: 'throttled',
      name: 'the approvals answer 429 with Retry-After: fails closed, naming the status',
      arrange: (emulator) => emulator.inject({ route: 'github.approvals', status: 429, retryAfter: 1, body: { message: 'API rate limit exceeded' } }),
      expect: blockedBy('Deployment approval', /GitHub API: could not read the approvals of run 7001 \(HTTP 429/),
    },
    {
      kind: 'server-error',
      name: 'the environment answers 503: fails closed',
      arrange: (emulator) => emulator.inject({ route: 'github.environment', status: 503, body: { message: 'Service Unavailable' } }),
      expect: blockedBy('Environment protection', /GitHub API: could not read environment production \(HTTP 503/),
    },
    {
      kind: 'server-error',
      name: 'the approvals answer 500: fails closed',
      arrange: (emulator) => emulator.inject({ route: 'github.approvals', status: 500, body: { message: 'Server Error' } }),
      expect: blockedBy('Deployment approval', /GitHub API: could not read the approvals of run 7001 \(HTTP 500/),
    },
    {
      kind: 'connection-reset',
      name: 'the environment request dropped: fails closed',
      arrange: (emulator) => emulator.inject({ route: 'github.environment', reset: true }),
      expect: blockedBy('Environment protection', /GitHub API: could not read environment production/),
    },
    {
      kind: 'slow-response',
      name: 'both reads answer 2 s late: waited for, the destroy passes',
      arrange: (emulator) => emulator.inject({ route: 'github.environment', latencyMs: 2000 }, { route: 'github.approvals', latencyMs: 2000 }),
      expect: passes(),
    },
    {
      kind: 'github-api',
      name: 'the token is refused (401): fails closed, the token never shown',
      // Registered, so the step fails if the token shows anywhere a person could read.
      arrange: () => registerSecret(REFUSED_TOKEN),
      inputs: { 'github-token': REFUSED_TOKEN },
      expect: blockedBy('Environment protection', /GitHub API: could not read environment production \(HTTP 401/),
    },
    {
      kind: 'github-api',
      name: 'the approvals are forbidden (403): fails closed with the permission to add',
      arrange: (emulator) => emulator.inject({ route: 'github.approvals', status: 403, body: { message: 'Resource not accessible by integration' } }),
      expect: blockedBy('Deployment approval', /GitHub API: could not read the approvals of run 7001 \(HTTP 403: Resource not accessible by integration\)\. Check that the token can read this repository \(permissions: actions: read\)/),
    },
    {
      kind: 'github-api',
      name: 'the environment is not found (404): fails closed',
      arrange: (emulator) => emulator.inject({ route: 'github.environment', status: 404, body: { message: 'Not Found' } }),
      expect: blockedBy('Environment protection', /environment production does not exist in this repository/),
    },
    {
      kind: 'github-api',
      name: 'the approvals answer is not a list: fails closed',
      arrange: (emulator) => emulator.inject({ route: 'github.approvals', status: 200, body: { approvals: [] } }),
      expect: blockedBy('Deployment approval', /GitHub API: could not read the approvals of run 7001 \(request failed: the response is not a list of approvals\)/),
    },
    {
      kind: 'github-api',
      name: 'a team member approved and the membership read is forbidden (403): the approval does not count',
      arrange: (emulator) => {
        emulator.github.addEnvironment({ name: 'production', teams: ['dba'], preventSelfReview: true, protectedBranches: true });
        emulator.inject({ route: 'github.teamMembership', status: 403, body: { message: 'Resource not accessible by integration' } });
      },
      expect: blockedBy('Deployment approval', /no approval of the deployment to production counts: bob is not a listed reviewer and not a verified member of a listed team \(team dba: GitHub API: could not confirm membership of bob in team contoso\/dba \(HTTP 403/),
    },
    {
      kind: 'server-error',
      name: 'nothing counts and the pending deployments answer 500: fails closed, never reported as approved',
      arrange: (emulator) => {
        emulator.github.addEnvironment({ name: 'production', reviewers: ['carol'], preventSelfReview: true, protectedBranches: true });
        emulator.inject({ route: 'github.pendingDeployments', status: 500, body: { message: 'Server Error' } });
      },
      expect: {
        ...blockedBy('Deployment approval', /no approval of the deployment to production counts: bob is not a listed reviewer/),
        remote: (emulator, main) => {
          expect(main.outputs['approved-by']).toBeUndefined();
          expect(emulator.core.requestsTo('github.pendingDeployments')).toHaveLength(1);
        },
      },
    },
    {
      kind: 'sigint',
      name: 'while reading the environment: cancelled, never passed',
      arrange: (emulator) => emulator.inject({ route: 'github.environment', latencyMs: 4000 }),
      cancelOn: seen('github.environment'),
      expect: {
        exitCode: 1,
        error: /^Cancelled \(SIGINT\)/,
        remote: (_emulator, main) => {
          expect(main.outputs['approved-by']).toBeUndefined();
          expect(main.log).not.toContain('All checks passed');
        },
      },
    },
    {
      kind: 'sigint',
      name: 'while reading the approvals: cancelled, never passed',
      arrange: (emulator) => emulator.inject({ route: 'github.approvals', latencyMs: 4000 }),
      cancelOn: seen('github.approvals'),
      expect: {
        exitCode: 1,
        error: /^Cancelled \(SIGINT\)/,
        remote: (emulator, main) => {
          expect(main.outputs['approved-by']).toBeUndefined();
          expect(emulator.core.requestsTo('github.environment')).toHaveLength(1);
        },
      },
    },
  ],
};
