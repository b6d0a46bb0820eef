import { startEmulator, type Emulator } from '../emulator/index.ts';
import { runStep, type GitHubContext, type StepResult } from '../runner/run-step.ts';
import { expectNoSecrets } from './secret-scan.ts';

const RUN_ID = '7001';
let emulator: Emulator;

const run = (inputs: Record<string, string> = {}, github: Partial<GitHubContext> = {}) =>
  runStep({ action: 'destroy-guard', inputs: { confirmation: 'PROD-DESTROY-CONFIRM', environment: 'production', ...inputs }, github: { runId: RUN_ID, ...github }, env: emulator.env(), timeoutMs: 60_000 });

/** The rows of the summary's check table: name → 'pass' | 'fail'. */
function checkRows(result: StepResult): Record<string, string> {
  const rows: Record<string, string> = {};
  for (const line of result.summary.split('\n')) {
    const match = /^\| ([^|]+) \| [✅❌] (pass|fail) \|/.exec(line);
    if (match) rows[match[1]!] = match[2]!;
  }
  return rows;
}

const ALL_PASS = { 'Confirmation phrase': 'pass', Ref: 'pass', Event: 'pass', 'Run attempt': 'pass', 'Environment protection': 'pass', 'Deployment approval': 'pass' };

function expectBlockedBy(result: StepResult, check: keyof typeof ALL_PASS, message: string | RegExp, alsoFailing: (keyof typeof ALL_PASS)[] = []): void {
  expect(result.exitCode).toBe(1);
  expect(checkRows(result)).toEqual({ ...ALL_PASS, [check]: 'fail', ...Object.fromEntries(alsoFailing.map((name) => [name, 'fail'])) });
  expect(result.errors).toHaveLength(1);
  expect(result.errors[0]).toMatch(/^destroy-guard blocked the destroy: /);
  if (typeof message === 'string') expect(result.errors[0]).toContain(message);
  else expect(result.errors[0]).toMatch(message);
  expect(result.outputs['approved-by']).toBeUndefined();
  expect(result.summary).toContain('destroy-guard: BLOCKED for ');
  expectNoSecrets(result, emulator, [emulator.github.workflowToken]);
}

beforeEach(async () => {
  emulator = await startEmulator();
  emulator.github.addEnvironment({ name: 'production', reviewers: ['bob', 'carol', 'alice'], teams: ['dba'], preventSelfReview: true, waitTimer: 5, protectedBranches: true });
  emulator.github.approve(RUN_ID, 'production', 'bob');
});

afterEach(async () => {
  await emulator.stop();
});

describe('destroy-guard (committed bundle, runner environment, emulated GitHub API)', () => {
  test('passes when every rule holds, outputs the approver and lists every check', async () => {
    const result = await run();
    expect(result.errors).toEqual([]);
    expect(result.exitCode).toBe(0);
    expect(result.outputs).toEqual({ 'approved-by': 'bob' });
    expect(checkRows(result)).toEqual(ALL_PASS);
    expect(result.summary).toContain('destroy-guard: passed for production');
    expect(result.summary).toContain('| **Approved by** | bob |');
    expect(result.summary).toContain('| **Triggered by** | alice |');
    expect(result.summary).toContain('requires a review by bob, carol, alice, team dba, self-review prevented');
    expect(result.log).toContain('PASS  Deployment approval: approved by bob');
    const [environment] = emulator.core.requestsTo('github.environment');
    expect(environment!.path).toBe('/repos/contoso/migrations/environments/production');
    expect(emulator.core.requestsTo('github.approvals')[0]!.path).toBe(`/repos/contoso/migrations/actions/runs/${RUN_ID}/approvals`);
    expectNoSecrets(result, emulator, [emulator.github.workflowToken]);
  });

  test('a wrong confirmation fails alone and is never echoed', async () => {
    const typed = 'ghp_AccidentallyPastedSecret0123456789';
    const result = await run({ confirmation: typed });
    expectBlockedBy(result, 'Confirmation phrase', 'Confirmation phrase: does not match the expected phrase (compared exactly, no trimming)');
    expect(result.stdout).not.toContain('AccidentallyPasted');
    expect(result.summary).not.toContain('AccidentallyPasted');
  });

  test('the right phrase with a trailing space fails (no trimming)', async () => {
    const result = await run({ confirmation: 'PROD-DESTROY-CONFIRM ' });
    expectBlockedBy(result, 'Confirmation phrase', 'compared exactly, no trimming); it has leading or trailing whitespace');
  });

  test('an empty confirmation or a different case fails', async () => {
    expectBlockedBy(await run({ confirmation: '' }), 'Confirmation phrase', 'Confirmation phrase: is empty; type the expected phrase "PROD-DESTROY-CONFIRM" exactly');
    expectBlockedBy(await run({ confirmation: 'prod-destroy-confirm' }), 'Confirmation phrase', 'does not match the expected phrase');
  });

  test('a custom expected phrase is honoured', async () => {
    const result = await run({ confirmation: 'DESTROY contoso-prod', expected: 'DESTROY contoso-prod' });
    expect(result.exitCode).toBe(0);
    expectBlockedBy(await run({ expected: 'DESTROY contoso-prod' }), 'Confirmation phrase', 'does not match');
  });

  test('a wrong ref fails alone; several refs can be allowed', async () => {
    expectBlockedBy(await run({}, { ref: 'refs/heads/feature/x' }), 'Ref', 'Ref: refs/heads/feature/x is not one of the allowed refs: refs/heads/main');
    const tagged = await run({ 'allowed-refs': 'refs/heads/main, refs/tags/v1.2.0\nrefs/heads/release' }, { ref: 'refs/tags/v1.2.0' });
    expect(tagged.exitCode).toBe(0);
  });

  test('a wrong event fails alone', async () => {
    expectBlockedBy(await run({}, { eventName: 'schedule' }), 'Event', 'Event: schedule is not one of the allowed events: workflow_dispatch');
    expectBlockedBy(await run({}, { eventName: 'push' }), 'Event', 'push is not one of the allowed events');
    expect((await run({ 'allowed-events': 'workflow_dispatch, push' }, { eventName: 'push' })).exitCode).toBe(0);
  });

  test('an environment name with spaces and # is encoded in the URL', async () => {
    emulator.github.addEnvironment({ name: 'Prod EU #1', reviewers: ['bob'], preventSelfReview: true });
    emulator.github.approve('7010', 'Prod EU #1', 'bob');
    const result = await run({ environment: 'Prod EU #1' }, { runId: '7010' });
    expect(result.errors).toEqual([]);
    expect(result.exitCode).toBe(0);
    expect(emulator.core.requestsTo('github.environment')[0]!.path).toBe('/repos/contoso/migrations/environments/Prod EU %231');
  });

  test('a missing environment (404) fails closed, the approval unevaluated', async () => {
    emulator.github.approve('7006', 'prod-eu', 'bob');
    expectBlockedBy(await run({ environment: 'prod-eu' }, { runId: '7006' }), 'Environment protection', /environment prod-eu does not exist in this repository/, ['Deployment approval']);
  });

  test('an environment without a required-reviewers rule fails closed', async () => {
    emulator.github.addEnvironment({ name: 'production', waitTimer: 10, protectedBranches: true });
    expectBlockedBy(await run(), 'Environment protection', 'environment production has no required-reviewers protection rule', ['Deployment approval']);
  });

  test('no approval fails alone', async () => {
    expectBlockedBy(await run({}, { runId: '7002' }), 'Deployment approval', "this run's deployment to production has no approval");
  });

  test('self-approval fails; it passes only when require-approval-by-other is false', async () => {
    emulator.github.approve('7003', 'production', 'alice');
    const self = await run({}, { runId: '7003' });
    expectBlockedBy(self, 'Deployment approval', 'approved only by alice, who triggered the run; a second person must approve');
    const allowed = await run({ 'require-approval-by-other': 'false' }, { runId: '7003' });
    expect(allowed.exitCode).toBe(0);
    expect(allowed.outputs).toEqual({ 'approved-by': 'alice' });
  });

  test('the person who re-ran the run cannot approve it either', async () => {
    emulator.github.approve('7004', 'production', 'carol');
    expectBlockedBy(await run({}, { runId: '7004', actor: 'alice', triggeringActor: 'carol' }), 'Deployment approval', 'approved only by carol');
  });

  test('a rejection fails even next to an approval', async () => {
    emulator.github.review({ runId: RUN_ID, environment: 'production', login: 'dave', state: 'rejected', comment: 'not now' });
    expectBlockedBy(await run(), 'Deployment approval', 'rejected by dave');
  });

  test('an approval for another environment does not count', async () => {
    emulator.github.addEnvironment({ name: 'staging', reviewers: ['bob'], preventSelfReview: true });
    emulator.github.approve('7005', 'staging', 'bob');
    expectBlockedBy(await run({}, { runId: '7005' }), 'Deployment approval', 'has no approval');
  });

  test('API 500 on the environment or the approvals fails closed', async () => {
    emulator.inject({ route: 'github.environment', status: 500 });
    expectBlockedBy(await run(), 'Environment protection', /GitHub API: could not read environment production \(HTTP 500/, ['Deployment approval']);
    emulator.inject({ route: 'github.approvals', status: 500 });
    expectBlockedBy(await run(), 'Deployment approval', /GitHub API: could not read the approvals of run 7001 \(HTTP 500/);
  });

  test('API 404 on the approvals and a dropped connection fail closed', async () => {
    emulator.inject({ route: 'github.approvals', status: 404, body: { message: 'Not Found' } });
    expectBlockedBy(await run(), 'Deployment approval', /could not read the approvals of run 7001 \(HTTP 404/);
    emulator.inject({ route: 'github.environment', reset: true });
    expectBlockedBy(await run(), 'Environment protection', /GitHub API: could not read environment production/, ['Deployment approval']);
  });

  test('a token the API refuses (401) fails closed without printing it', async () => {
    const result = await run({ 'github-token': 'ghs_notTheWorkflowToken0000000000000000' });
    expect(result.exitCode).toBe(1);
    expect(checkRows(result)).toEqual({ ...ALL_PASS, 'Environment protection': 'fail', 'Deployment approval': 'fail' });
    expect(result.errors[0]).toContain('HTTP 401');
    expect(result.masks).toContain('ghs_notTheWorkflowToken0000000000000000');
    expectNoSecrets(result, emulator, ['ghs_notTheWorkflowToken0000000000000000']);
  });

  test('several failures are all reported', async () => {
    const result = await run({ confirmation: 'nope' }, { ref: 'refs/heads/dev', eventName: 'schedule', runId: '7009', runAttempt: '2' });
    expect(result.exitCode).toBe(1);
    expect(checkRows(result)).toEqual({ 'Confirmation phrase': 'fail', Ref: 'fail', Event: 'fail', 'Run attempt': 'fail', 'Environment protection': 'pass', 'Deployment approval': 'fail' });
    expect(result.errors[0]).toMatch(/Confirmation phrase: .*; Ref: .*; Event: .*; Run attempt: .*; Deployment approval: /);
  });

  describe('bypasses of the review, each refused', () => {
    test('an environment without "Prevent self-review" fails closed with the fix, even with a valid approval', async () => {
      emulator.github.addEnvironment({ name: 'production', reviewers: ['bob', 'carol'], preventSelfReview: false });
      emulator.github.approve(RUN_ID, 'production', 'bob');
      expectBlockedBy(await run(), 'Environment protection', 'prevent_self_review is not true); turn on "Prevent self-review" under Settings > Environments > production > Required reviewers');
      // Without require-approval-by-other the setting is not demanded.
      expect((await run({ 'require-approval-by-other': 'false' })).exitCode).toBe(0);
    });

    test('plan and destroy in one environment: bob approves the plan, alice approves her own destroy: blocked', async () => {
      // The approvals list has no job: bob's approval of the plan job and alice's of the destroy job look
      // alike. Only "Prevent self-review" (GitHub then refuses alice's review) makes the list trustworthy.
      emulator.github.addEnvironment({ name: 'production', reviewers: ['bob', 'alice'], preventSelfReview: false });
      emulator.github.approve('7019', 'production', 'bob');
      emulator.github.approve('7019', 'production', 'alice');
      const result = await run({}, { runId: '7019', actor: 'alice' });
      expectBlockedBy(result, 'Environment protection', 'prevent_self_review is not true');
      expect(result.log).not.toContain('All checks passed');
    });

    test("an approval of another job's deployment to a different environment does not count for this one", async () => {
      // infra.yml: bob approves the plan job (production-plan); nobody approved the destroy environment.
      emulator.github.addEnvironment({ name: 'production-plan', reviewers: ['bob'], preventSelfReview: true });
      emulator.github.addEnvironment({ name: 'production-destroy', reviewers: ['bob', 'carol'], preventSelfReview: true });
      emulator.github.approve('7020', 'production-plan', 'bob');
      const result = await run({ environment: 'production-destroy' }, { runId: '7020' });
      expect(result.exitCode).toBe(1);
      expect(checkRows(result)['Deployment approval']).toBe('fail');
      expect(result.errors[0]).toContain("this run's deployment to production-destroy has no approval");
    });

    test('a bot approval does not count as a second person', async () => {
      emulator.github.addEnvironment({ name: 'production', reviewers: ['bob', 'release-bot'], preventSelfReview: true });
      emulator.github.review({ runId: '7021', environment: 'production', login: 'release-bot', userType: 'Bot' });
      expectBlockedBy(await run({}, { runId: '7021' }), 'Deployment approval', 'no approval of the deployment to production counts: release-bot is a Bot, not a person');
    });

    test('an approval by someone who is not a listed reviewer does not count', async () => {
      emulator.github.addEnvironment({ name: 'production', reviewers: ['bob'], preventSelfReview: true });
      emulator.github.approve('7022', 'production', 'mallory');
      expectBlockedBy(await run({}, { runId: '7022' }), 'Deployment approval', 'mallory is not a listed reviewer');
      expect(emulator.core.requestsTo('github.teamMembership')).toHaveLength(0);
    });

    test('a member of a listed team counts only when the token can confirm the membership', async () => {
      emulator.github.addTeamMember('contoso', 'dba', 'erin');
      emulator.github.approve('7023', 'production', 'erin');
      const confirmed = await run({}, { runId: '7023' });
      expect(confirmed.errors).toEqual([]);
      expect(confirmed.outputs).toEqual({ 'approved-by': 'erin' });
      expect(emulator.core.requestsTo('github.teamMembership')[0]!.path).toBe('/orgs/contoso/teams/dba/memberships/erin');

      emulator.inject({ route: 'github.teamMembership', status: 403, body: { message: 'Resource not accessible by integration' } });
      expectBlockedBy(await run({}, { runId: '7023' }), 'Deployment approval', /erin is not a listed reviewer and not a verified member of a listed team \(team dba: GitHub API: could not confirm membership of erin in team contoso\/dba \(HTTP 403/);

      emulator.github.approve('7024', 'production', 'frank');
      expectBlockedBy(await run({}, { runId: '7024' }), 'Deployment approval', 'frank is not a listed reviewer and not a verified member of a listed team (team dba: not a member, or the token cannot read the team (HTTP 404))');

      emulator.github.addTeamMember('contoso', 'dba', 'gina', 'pending');
      emulator.github.approve('7025', 'production', 'gina');
      expectBlockedBy(await run({}, { runId: '7025' }), 'Deployment approval', 'membership state is "pending", not active');
    });

    test('a re-run is refused: the approvals list keeps approvals of earlier attempts', async () => {
      const rerun = await run({}, { runAttempt: '2' });
      expectBlockedBy(rerun, 'Run attempt', 'this is attempt 2 of the run');
      expect(rerun.errors[0]).toContain('set allow-rerun: true');
      const allowed = await run({ 'allow-rerun': 'true' }, { runAttempt: '2' });
      expect(allowed.errors).toEqual([]);
      expect(allowed.exitCode).toBe(0);
      expect(allowed.summary).toContain('attempt 2, accepted because allow-rerun is true');
    });

    test('a review still waiting is reported as pending, not as rejected', async () => {
      emulator.github.addPending({ runId: '7026', environment: 'production' });
      const waiting = await run({}, { runId: '7026' });
      expectBlockedBy(waiting, 'Deployment approval', 'the deployment to production is still pending review');
      expect(waiting.errors[0]).not.toContain('rejected');
      expect(emulator.core.requestsTo('github.pendingDeployments')[0]!.path).toBe('/repos/contoso/migrations/actions/runs/7026/pending_deployments');
      emulator.github.review({ runId: '7027', environment: 'production', login: 'bob', state: 'pending' });
      expectBlockedBy(await run({}, { runId: '7027' }), 'Deployment approval', 'is still pending review');
    });
  });

  test('require-reviewers false accepts an unprotected environment without approvals', async () => {
    emulator.github.addEnvironment({ name: 'sandbox' });
    const result = await run({ environment: 'sandbox', 'require-reviewers': 'false', 'require-approval-by-other': 'false' });
    expect(result.errors).toEqual([]);
    expect(result.exitCode).toBe(0);
    expect(result.outputs).toEqual({ 'approved-by': '' });
    expect(emulator.core.requestsTo('github.approvals')).toHaveLength(0);
  });

  describe('bad inputs are refused before any call to GitHub', () => {
    const cases: [string, Record<string, string>, string][] = [
      ['empty environment', { environment: '' }, "Input 'environment' is required but was empty. Expected the name of the protected GitHub environment this job runs in, e.g. production."],
      ['expected with a trailing space', { expected: 'PROD-DESTROY-CONFIRM ' }, "Input 'expected' has leading or trailing whitespace. Expected one line of visible characters without leading or trailing whitespace, e.g. PROD-DESTROY-CONFIRM."],
      ['empty expected', { expected: '' }, "Input 'expected' is empty."],
      ['a short ref name', { 'allowed-refs': 'main' }, `Input 'allowed-refs' has the entry "main". Expected full ref names separated by commas or new lines, e.g. refs/heads/main, refs/tags/v1.2.0.`],
      ['a wildcard ref', { 'allowed-refs': 'refs/heads/*' }, `Input 'allowed-refs' has the entry "refs/heads/*".`],
      ['an automatic event', { 'allowed-events': 'workflow_dispatch,schedule' }, `Input 'allowed-events' has the entry "schedule", which is not an event a person triggers. Expected events that a person triggers, from workflow_dispatch, repository_dispatch, push, release, deployment.`],
      ['a non-boolean', { 'require-reviewers': 'yes' }, `Input 'require-reviewers' has the value "yes". Expected true or false.`],
      ['approval-by-other without reviewers', { 'require-reviewers': 'false' }, "Input 'require-approval-by-other' is true while require-reviewers is false"],
      ['an empty token', { 'github-token': '' }, "Input 'github-token' is required but was empty."],
      ['a non-boolean allow-rerun', { 'allow-rerun': 'sometimes' }, `Input 'allow-rerun' has the value "sometimes". Expected true or false.`],
    ];
    test.each(cases)('%s', async (_name, inputs, message) => {
      const result = await run(inputs);
      expect(result.exitCode).toBe(1);
      expect(result.errors).toHaveLength(1);
      expect(result.errors[0]).toContain(message);
      expect(emulator.core.requests.filter((request) => request.routeId.startsWith('github.'))).toHaveLength(0);
    });
  });
});
