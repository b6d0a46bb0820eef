import { failed, passed, type CheckResult } from './check-result.js';

export const CONFIRMATION_CHECK = 'Confirmation phrase';

/**
 * The typed confirmation must equal the expected phrase exactly: no trimming, no case folding.
 * The typed value is never echoed (someone may paste a secret by mistake); a value that differs from
 * the phrase only by surrounding whitespace is called out, since then nothing secret is revealed.
 */
export function checkConfirmation(typed: string, expected: string): CheckResult {
  if (typed === expected) return passed(CONFIRMATION_CHECK, 'matches the expected phrase exactly');
  if (typed === '') return failed(CONFIRMATION_CHECK, `is empty; type the expected phrase ${JSON.stringify(expected)} exactly`);
  const whitespace = typed.trim() === expected ? '; it has leading or trailing whitespace' : '';
  return failed(CONFIRMATION_CHECK, `does not match the expected phrase (compared exactly, no trimming)${whitespace}`);
}
