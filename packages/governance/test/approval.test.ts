import { checkApproval, type RunApproval } from '../src/approval.js';

const approval = (login: string, state = 'approved', environment = 'production'): RunApproval => ({ environments: [{ name: environment }], state, user: { login }, comment: '' });
const rule = { environment: 'production', triggeredBy: ['alice', 'alice'], requireApprovalByOther: true };

describe('checkApproval', () => {
  test('an approval by someone else passes and names them', () => {
    const outcome = checkApproval([approval('bob')], rule);
    expect(outcome.check.passed).toBe(true);
    expect(outcome.approvedBy).toEqual(['bob']);
    expect(outcome.check.detail).toContain('approved by bob');
  });

  test('self-approval fails when a second person is required', () => {
    const outcome = checkApproval([approval('alice')], rule);
    expect(outcome.check.passed).toBe(false);
    expect(outcome.approvedBy).toEqual([]);
    expect(outcome.check.detail).toBe('approved only by alice, who triggered the run; a second person must approve');
    expect(checkApproval([approval('ALICE')], rule).check.passed).toBe(false);
  });

  test('self-approval passes when require-approval-by-other is false', () => {
    const outcome = checkApproval([approval('alice')], { ...rule, requireApprovalByOther: false });
    expect(outcome.check.passed).toBe(true);
    expect(outcome.approvedBy).toEqual(['alice']);
  });

  test('the person who started the run and the one who re-ran it both count as triggering', () => {
    expect(checkApproval([approval('carol')], { ...rule, triggeredBy: ['alice', 'carol'] }).check.passed).toBe(false);
    expect(checkApproval([approval('carol'), approval('bob')], { ...rule, triggeredBy: ['alice', 'carol'] }).approvedBy).toEqual(['bob']);
  });

  test('no approval, or approvals only for other environments, fail', () => {
    expect(checkApproval([], rule).check.detail).toBe("this run's deployment to production has no approval");
    expect(checkApproval([approval('bob', 'approved', 'staging')], rule).check.passed).toBe(false);
    expect(checkApproval([{ state: 'approved', user: { login: 'bob' } }], rule).check.passed).toBe(false);
  });

  test('any rejection fails, even next to an approval', () => {
    const outcome = checkApproval([approval('bob'), approval('dave', 'rejected')], rule);
    expect(outcome.check.passed).toBe(false);
    expect(outcome.check.detail).toContain('rejected by dave');
  });

  test('an approval without a user, or an unknown triggering actor, fails closed', () => {
    expect(checkApproval([{ environments: [{ name: 'production' }], state: 'approved', user: null }], rule).check.passed).toBe(false);
    expect(checkApproval([approval('bob')], { ...rule, triggeredBy: ['', ''] }).check.passed).toBe(false);
  });

  test('environment names compare case-insensitively, as GitHub treats them', () => {
    expect(checkApproval([approval('bob', 'approved', 'Production')], rule).check.passed).toBe(true);
  });
});
