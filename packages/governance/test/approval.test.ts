import { checkApproval, type ApprovalRule, type RunApproval, type TeamMembership } from '../src/approval.js';

const approval = (login: string, state = 'approved', environment = 'production', type = 'User'): RunApproval => ({ environments: [{ name: environment }], state, user: { login, type }, comment: '' });
const teamMembers: Record<string, string[]> = { dba: ['erin'] };
const membershipCalls: string[] = [];
const rule: ApprovalRule = {
  environment: 'production',
  reviewers: { users: ['bob', 'carol', 'alice'], teams: ['dba'] },
  triggeredBy: ['alice', 'alice'],
  requireApprovalByOther: true,
  teamMembership: async (team, login): Promise<TeamMembership> => {
    membershipCalls.push(`${team}/${login}`);
    return teamMembers[team]?.includes(login) ? { member: true } : { member: false, reason: 'not a member, or the token cannot read the team (HTTP 404)' };
  },
  isPending: async () => false,
};

beforeEach(() => {
  membershipCalls.length = 0;
});

describe('checkApproval', () => {
  test('an approval by a listed reviewer other than the triggering person passes and names them', async () => {
    const outcome = await checkApproval([approval('bob')], rule);
    expect(outcome.check.passed).toBe(true);
    expect(outcome.approvedBy).toEqual(['bob']);
    expect(outcome.check.detail).toBe('approved by bob (not the person who triggered the run)');
    expect(membershipCalls).toEqual([]);
  });

  test('self-approval fails when a second person is required', async () => {
    const outcome = await checkApproval([approval('alice')], rule);
    expect(outcome.check.passed).toBe(false);
    expect(outcome.approvedBy).toEqual([]);
    expect(outcome.check.detail).toBe('approved only by alice, who triggered the run; a second person must approve');
    expect((await checkApproval([approval('ALICE')], rule)).check.passed).toBe(false);
  });

  test('self-approval passes when require-approval-by-other is false', async () => {
    const outcome = await checkApproval([approval('alice')], { ...rule, requireApprovalByOther: false });
    expect(outcome.check.passed).toBe(true);
    expect(outcome.approvedBy).toEqual(['alice']);
  });

  test('the person who started the run and the one who re-ran it both count as triggering', async () => {
    expect((await checkApproval([approval('carol')], { ...rule, triggeredBy: ['alice', 'carol'] })).check.passed).toBe(false);
    expect((await checkApproval([approval('carol'), approval('bob')], { ...rule, triggeredBy: ['alice', 'carol'] })).approvedBy).toEqual(['bob']);
  });

  test('a bot or app approval never counts as a person', async () => {
    const outcome = await checkApproval([approval('deploy-bot[bot]', 'approved', 'production', 'Bot')], { ...rule, reviewers: { users: ['deploy-bot[bot]'], teams: [] } });
    expect(outcome.check.passed).toBe(false);
    expect(outcome.check.detail).toBe('no approval of the deployment to production counts: deploy-bot[bot] is a Bot, not a person');
    expect((await checkApproval([{ environments: [{ name: 'production' }], state: 'approved', user: { login: 'bob' } }], rule)).check.detail).toContain('bob is of unknown type, not a person');
  });

  test('an approver who is not a listed reviewer does not count', async () => {
    const outcome = await checkApproval([approval('mallory')], rule);
    expect(outcome.check.passed).toBe(false);
    expect(outcome.check.detail).toContain('mallory is not a listed reviewer and not a verified member of a listed team (team dba: not a member');
    expect(membershipCalls).toEqual(['dba/mallory']);
    const noTeams = await checkApproval([approval('mallory'), approval('bob')], { ...rule, reviewers: { users: ['bob'], teams: [] } });
    expect(noTeams.approvedBy).toEqual(['bob']);
    expect(noTeams.check.detail).toBe('approved by bob (not the person who triggered the run); not counted: mallory is not a listed reviewer');
  });

  test('a member of a listed team counts only when the membership is confirmed', async () => {
    const outcome = await checkApproval([approval('erin')], rule);
    expect(outcome.approvedBy).toEqual(['erin']);
    expect(outcome.check.detail).toBe('approved by erin (team dba) (not the person who triggered the run)');
    const unverifiable = await checkApproval([approval('erin')], { ...rule, teamMembership: async () => ({ member: false, reason: 'GitHub API: could not confirm (HTTP 403)' }) });
    expect(unverifiable.check.passed).toBe(false);
    expect(unverifiable.check.detail).toContain('team dba: GitHub API: could not confirm (HTTP 403)');
  });

  test('no approval, or approvals only for other environments, fail', async () => {
    expect((await checkApproval([], rule)).check.detail).toBe("this run's deployment to production has no approval");
    expect((await checkApproval([approval('bob', 'approved', 'staging')], rule)).check.passed).toBe(false);
    expect((await checkApproval([{ state: 'approved', user: { login: 'bob', type: 'User' } }], rule)).check.passed).toBe(false);
  });

  test('a review still waiting is reported as pending, not as rejected', async () => {
    const listed = await checkApproval([approval('bob', 'pending')], rule);
    expect(listed.check.passed).toBe(false);
    expect(listed.check.detail).toBe('the deployment to production is still pending review: nobody whose approval counts has approved it yet');
    const waiting = await checkApproval([], { ...rule, isPending: async () => true });
    expect(waiting.check.detail).toContain('is still pending review');
    const unknown = await checkApproval([], { ...rule, isPending: async () => Promise.reject(new Error('HTTP 500')) });
    expect(unknown.check.detail).toBe("this run's deployment to production has no approval (whether it is still pending could not be read: HTTP 500)");
  });

  test('any rejection fails, even next to an approval; an unknown state fails closed', async () => {
    const outcome = await checkApproval([approval('bob'), approval('dave', 'rejected')], rule);
    expect(outcome.check.passed).toBe(false);
    expect(outcome.check.detail).toContain('rejected by dave');
    expect((await checkApproval([approval('bob'), approval('dave', 'dismissed')], rule)).check.detail).toContain('unknown state "dismissed"');
  });

  test('an approval without a user, or an unknown triggering actor, fails closed', async () => {
    expect((await checkApproval([{ environments: [{ name: 'production' }], state: 'approved', user: null }], rule)).check.passed).toBe(false);
    expect((await checkApproval([approval('bob')], { ...rule, triggeredBy: ['', ''] })).check.passed).toBe(false);
  });

  test('environment names compare case-insensitively, as GitHub treats them', async () => {
    expect((await checkApproval([approval('bob', 'approved', 'Production')], rule)).check.passed).toBe(true);
  });
});
