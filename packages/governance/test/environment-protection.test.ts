import { checkEnvironmentProtection, listedReviewers, type EnvironmentInfo } from '../src/environment-protection.js';

const protectedEnv: EnvironmentInfo = {
  name: 'production',
  protection_rules: [
    { type: 'wait_timer', wait_timer: 5 },
    { type: 'required_reviewers', prevent_self_review: true, reviewers: [{ type: 'User', reviewer: { login: 'bob' } }, { type: 'Team', reviewer: { slug: 'dba' } }] },
    { type: 'branch_policy' },
  ],
};
const strict = { requireReviewers: true, requireSelfReviewPrevention: true };
const loose = { requireReviewers: false, requireSelfReviewPrevention: false };

describe('checkEnvironmentProtection', () => {
  test('passes with a required-reviewers rule that prevents self-review, and names the reviewers', () => {
    const result = checkEnvironmentProtection('production', protectedEnv, strict);
    expect(result.passed).toBe(true);
    expect(result.detail).toBe('environment production requires a review by bob, team dba, self-review prevented');
  });

  test('fails closed when self-review is not prevented, naming the setting to turn on', () => {
    for (const prevent of [false, undefined]) {
      const env: EnvironmentInfo = { name: 'production', protection_rules: [{ type: 'required_reviewers', prevent_self_review: prevent, reviewers: [{ type: 'User', reviewer: { login: 'bob' } }] }] };
      const result = checkEnvironmentProtection('production', env, strict);
      expect(result.passed).toBe(false);
      expect(result.detail).toBe('environment production lets the person who triggered a deployment approve it (prevent_self_review is not true); turn on "Prevent self-review" under Settings > Environments > production > Required reviewers');
      expect(checkEnvironmentProtection('production', env, { requireReviewers: true, requireSelfReviewPrevention: false }).passed).toBe(true);
    }
  });

  test('fails when the environment does not exist', () => {
    const result = checkEnvironmentProtection('production', undefined, strict);
    expect(result).toEqual({ name: 'Environment protection', passed: false, detail: 'environment production does not exist in this repository' });
    expect(checkEnvironmentProtection('production', undefined, loose).passed).toBe(false);
  });

  test('fails without a required-reviewers rule, or with one that names nobody', () => {
    const noRule = checkEnvironmentProtection('production', { name: 'production', protection_rules: [{ type: 'wait_timer', wait_timer: 5 }] }, strict);
    expect(noRule.passed).toBe(false);
    expect(noRule.detail).toContain('no required-reviewers protection rule');
    expect(checkEnvironmentProtection('production', { name: 'production' }, strict).passed).toBe(false);
    const empty = checkEnvironmentProtection('production', { name: 'production', protection_rules: [{ type: 'required_reviewers', prevent_self_review: true, reviewers: [] }] }, strict);
    expect(empty.passed).toBe(false);
    expect(empty.detail).toContain('no reviewers');
  });

  test('without require-reviewers, existence is enough', () => {
    expect(checkEnvironmentProtection('staging', { name: 'staging', protection_rules: [] }, loose).passed).toBe(true);
  });
});

describe('listedReviewers', () => {
  test('users by login and teams by slug; nothing without a rule', () => {
    expect(listedReviewers(protectedEnv)).toEqual({ users: ['bob'], teams: ['dba'] });
    expect(listedReviewers(undefined)).toEqual({ users: [], teams: [] });
  });
});
