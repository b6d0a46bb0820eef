import { checkConfirmation } from '../src/confirmation.js';

describe('checkConfirmation', () => {
  test('passes only on an exact match', () => {
    expect(checkConfirmation('PROD-DESTROY-CONFIRM', 'PROD-DESTROY-CONFIRM').passed).toBe(true);
    expect(checkConfirmation('prod-destroy-confirm', 'PROD-DESTROY-CONFIRM').passed).toBe(false);
    expect(checkConfirmation('PROD-DESTROY-CONFIR', 'PROD-DESTROY-CONFIRM').passed).toBe(false);
  });

  test('does not trim: a trailing space fails and is called out', () => {
    const result = checkConfirmation('PROD-DESTROY-CONFIRM ', 'PROD-DESTROY-CONFIRM');
    expect(result.passed).toBe(false);
    expect(result.detail).toContain('compared exactly, no trimming');
    expect(result.detail).toContain('leading or trailing whitespace');
  });

  test('never echoes the typed value', () => {
    const secret = 'ghp_s3cr3tValueSomeonePasted';
    const result = checkConfirmation(secret, 'PROD-DESTROY-CONFIRM');
    expect(result.passed).toBe(false);
    expect(result.detail).not.toContain(secret);
    expect(result.detail).not.toContain('s3cr3t');
    expect(result.detail).toBe('does not match the expected phrase (compared exactly, no trimming)');
  });

  test('an empty value says what to type', () => {
    const result = checkConfirmation('', 'PROD-DESTROY-CONFIRM');
    expect(result.passed).toBe(false);
    expect(result.detail).toContain('is empty');
    expect(result.detail).toContain('"PROD-DESTROY-CONFIRM"');
  });
});
