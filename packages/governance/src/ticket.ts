import { InputError, quote } from '@te-actions/action-kit';
import { DEFAULT_TICKET_PATTERN, type TicketPattern } from './ticket-pattern.js';

export const MAX_TICKET_LENGTH = 100;

/**
 * A change ticket: trimmed, one line, at most 100 characters, fully matching the pattern (see
 * compileTicketPattern). Errors name `input` and show the pattern that was expected.
 */
export function validateTicket(input: string, value: string, pattern: TicketPattern): string {
  const ticket = value.trim();
  const example = pattern.source === DEFAULT_TICKET_PATTERN ? ', e.g. CHG-2026-001 or ROLLBACK-CHG-2026-001' : '';
  const expected = `a change ticket matching ${pattern.source}${example}`;
  if (ticket === '') throw new InputError(input, 'is required but was empty', expected);
  if (/[\u0000-\u001f\u007f]/.test(ticket)) throw new InputError(input, 'contains a line break or control character', `one line: ${expected}`);
  if (ticket.length > MAX_TICKET_LENGTH) throw new InputError(input, `is ${ticket.length} characters long`, `at most ${MAX_TICKET_LENGTH} characters: ${expected}`);
  if (!pattern.regex.test(ticket)) throw new InputError(input, `has the value ${quote(ticket)}, which does not match the ticket pattern`, expected);
  return ticket;
}
