import { checkRunAttempt } from '../src/run-attempt.js';

describe('checkRunAttempt', () => {
  test('the first attempt passes', () => {
    expect(checkRunAttempt('1', false)).toEqual({ name: 'Run attempt', passed: true, detail: 'first attempt of the run' });
  });

  test('a re-run is refused unless allow-rerun is true', () => {
    const refused = checkRunAttempt('2', false);
    expect(refused.passed).toBe(false);
    expect(refused.detail).toContain('this is attempt 2 of the run');
    expect(refused.detail).toContain('set allow-rerun: true');
    expect(checkRunAttempt('3', true).passed).toBe(true);
  });

  test('an attempt that is not a number fails closed', () => {
    expect(checkRunAttempt('', true).passed).toBe(false);
    expect(checkRunAttempt('1x', true).passed).toBe(false);
  });
});
