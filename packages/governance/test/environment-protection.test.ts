import { checkEnvironmentProtection, type EnvironmentInfo } from '../src/environment-protection.js';

const protectedEnv: EnvironmentInfo = {
  name: 'production',
  protection_rules: [
    { type: 'wait_timer', wait_timer: 5 },
    { type: 'required_reviewers', reviewers: [{ type: 'User', reviewer: { login: 'bob' } }, { type: 'Team', reviewer: { slug: 'dba' } }] },
    { type: 'branch_policy' },
  ],
};

describe('checkEnvironmentProtection', () => {
  test('passes with a required-reviewers rule and names the reviewers', () => {
    const result = checkEnvironmentProtection('production', protectedEnv, true);
    expect(result.passed).toBe(true);
    expect(result.detail).toBe('environment production requires a review by bob, team dba');
  });

  test('fails when the environment does not exist', () => {
    const result = checkEnvironmentProtection('production', undefined, true);
    expect(result).toEqual({ name: 'Environment protection', passed: false, detail: 'environment production does not exist in this repository' });
    expect(checkEnvironmentProtection('production', undefined, false).passed).toBe(false);
  });

  test('fails without a required-reviewers rule, or with one that names nobody', () => {
    const noRule = checkEnvironmentProtection('production', { name: 'production', protection_rules: [{ type: 'wait_timer', wait_timer: 5 }] }, true);
    expect(noRule.passed).toBe(false);
    expect(noRule.detail).toContain('no required-reviewers protection rule');
    expect(checkEnvironmentProtection('production', { name: 'production' }, true).passed).toBe(false);
    const empty = checkEnvironmentProtection('production', { name: 'production', protection_rules: [{ type: 'required_reviewers', reviewers: [] }] }, true);
    expect(empty.passed).toBe(false);
    expect(empty.detail).toContain('no reviewers');
  });

  test('without require-reviewers, existence is enough', () => {
    expect(checkEnvironmentProtection('staging', { name: 'staging', protection_rules: [] }, false).passed).toBe(true);
  });
});
