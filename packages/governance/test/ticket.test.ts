import { InputError } from '@te-actions/action-kit';
import { compileTicketPattern, DEFAULT_TICKET_PATTERN } from '../src/ticket-pattern.js';
import { validateTicket } from '../src/ticket.js';

const defaults = compileTicketPattern('pattern', DEFAULT_TICKET_PATTERN);

describe('change tickets', () => {
  test('the default pattern accepts CHG-2026-001 and ROLLBACK-CHG-2026-001', () => {
    expect(validateTicket('change-ticket', 'CHG-2026-001', defaults)).toBe('CHG-2026-001');
    expect(validateTicket('change-ticket', ' ROLLBACK-CHG-2026-001 ', defaults)).toBe('ROLLBACK-CHG-2026-001');
    expect(validateTicket('change-ticket', 'CHG-2026-12345', defaults)).toBe('CHG-2026-12345');
  });

  test('the default pattern must match the whole ticket', () => {
    for (const bad of ['CHG-2026-01', 'chg-2026-001', 'XCHG-2026-001', 'CHG-2026-001x', 'ROLLBACK-', 'CHG-26-001', 'ROLLBACK-ROLLBACK-CHG-2026-001']) {
      expect(() => validateTicket('change-ticket', bad, defaults)).toThrow(InputError);
    }
    expect(() => validateTicket('change-ticket', 'CHG-2026-1', defaults)).toThrow(
      `Input 'change-ticket' has the value "CHG-2026-1", which does not match the ticket pattern. Expected a change ticket matching ${DEFAULT_TICKET_PATTERN}, e.g. CHG-2026-001 or ROLLBACK-CHG-2026-001.`,
    );
  });

  test('empty, multi-line and over-long tickets are refused with the reason', () => {
    expect(() => validateTicket('change-ticket', '  ', defaults)).toThrow("Input 'change-ticket' is required but was empty.");
    expect(() => validateTicket('change-ticket', 'CHG-2026-001\nCHG-2026-002', defaults)).toThrow('contains a line break or control character');
    expect(() => validateTicket('change-ticket', `CHG-2026-${'1'.repeat(120)}`, defaults)).toThrow('is 129 characters long');
  });

  test('a custom pattern is anchored', () => {
    const jira = compileTicketPattern('pattern', 'OPS-[0-9]+');
    expect(validateTicket('change-ticket', 'OPS-42', jira)).toBe('OPS-42');
    expect(() => validateTicket('change-ticket', 'xOPS-42', jira)).toThrow('does not match the ticket pattern. Expected a change ticket matching OPS-[0-9]+.');
    const alternatives = compileTicketPattern('pattern', 'A-1|B-2');
    expect(alternatives.regex.test('A-1')).toBe(true);
    expect(alternatives.regex.test('A-1x')).toBe(false);
    expect(alternatives.regex.test('xB-2')).toBe(false);
  });

  test('an invalid custom pattern is a clear input error, not a crash', () => {
    let error: unknown;
    try {
      compileTicketPattern('pattern', 'CHG-[0-9');
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).input).toBe('pattern');
    expect((error as Error).message).toMatch(/^Input 'pattern' is not a valid regular expression \(.+\)\. Expected a JavaScript regular expression that the whole ticket must match/);
    expect(() => compileTicketPattern('pattern', '(unclosed')).toThrow("Input 'pattern' is not a valid regular expression");
  });

  test('a pattern that accepts an empty ticket is refused', () => {
    expect(() => compileTicketPattern('pattern', '.*')).toThrow("Input 'pattern' matches an empty ticket.");
    expect(() => compileTicketPattern('pattern', 'x'.repeat(501))).toThrow("Input 'pattern' is 501 characters long.");
  });
});
