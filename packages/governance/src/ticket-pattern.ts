import { InputError } from '@te-actions/action-kit';

/** Accepts CHG-2026-001 and ROLLBACK-CHG-2026-001: CHG-<year>-<at least three digits>, optionally ROLLBACK-. */
export const DEFAULT_TICKET_PATTERN = '(ROLLBACK-)?CHG-[0-9]{4}-[0-9]{3,}';

const MAX_PATTERN_LENGTH = 500;

/**
 * Compiles a ticket pattern that must match the whole ticket (it is anchored here, so `CHG-\d+`
 * does not accept `xCHG-1y`). An invalid expression, or one that accepts an empty ticket, is an
 * input error naming `input`.
 */
export interface TicketPattern {
  regex: RegExp;
  /** The expression as written (before anchoring), shown in errors. */
  source: string;
}

export function compileTicketPattern(input: string, source: string = DEFAULT_TICKET_PATTERN): TicketPattern {
  const expected = 'a JavaScript regular expression that the whole ticket must match, e.g. (ROLLBACK-)?CHG-[0-9]{4}-[0-9]{3,}';
  if (source.length > MAX_PATTERN_LENGTH) throw new InputError(input, `is ${source.length} characters long`, `at most ${MAX_PATTERN_LENGTH} characters: ${expected}`);
  let pattern: RegExp;
  try {
    pattern = new RegExp(`^(?:${source})$`, 'u');
  } catch (error) {
    const reason = error instanceof Error ? error.message.replace(/^Invalid regular expression: /, '') : String(error);
    throw new InputError(input, `is not a valid regular expression (${reason})`, expected);
  }
  if (pattern.test('')) throw new InputError(input, 'matches an empty ticket', `a pattern that requires a ticket: ${expected}`);
  return { regex: pattern, source };
}
