import { InputError, quote, rawInput } from '@te-actions/action-kit';
import type { FlexibleServer } from './server-types.js';

/** ISO-8601 date and time with seconds optional and an explicit zone: Z or ±hh:mm. */
const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,7})?)?(Z|[+-]\d{2}:\d{2})$/;
const EXPECTED = 'a UTC time in ISO-8601 form with its zone, e.g. 2026-03-15T18:30:22Z (the restore-time output of pg-restore-point)';

/** Parses the restore-time input (its form only; the server decides which times exist). */
export function restoreTimeInput(input = 'restore-time'): Date {
  const value = rawInput(input);
  if (!value) throw new InputError(input, 'is required but was empty', EXPECTED);
  if (!ISO_UTC.test(value)) throw new InputError(input, `has the value ${quote(value)}, which is not an ISO-8601 time with a zone`, EXPECTED);
  const time = new Date(value);
  if (Number.isNaN(time.getTime()) || !isCalendarDate(value)) throw new InputError(input, `has the value ${quote(value)}, which is not a real date and time`, EXPECTED);
  return time;
}

/** Date rolls 2026-02-30 over to March 2; a restore time must name a day that exists. */
function isCalendarDate(value: string): boolean {
  const [year, month, day] = value.slice(0, 10).split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day && Number(value.slice(11, 13)) < 24 && Number(value.slice(14, 16)) < 60;
}

/** Azure's timestamps carry up to 7 fractional digits; Date keeps milliseconds. */
export function parseAzureTime(value: string | undefined): Date | undefined {
  if (!value) return undefined;
  const time = new Date(value.replace(/(\.\d{3})\d+/, '$1'));
  return Number.isNaN(time.getTime()) ? undefined : time;
}

/**
 * Refuses a restore time the source cannot restore to: before its earliestRestoreDate, or in the
 * future. Both are the caller's choice of time, so the error names the input.
 */
export function checkRestoreTime(source: FlexibleServer, time: Date, now: Date, input = 'restore-time'): void {
  const shown = time.toISOString();
  if (time.getTime() > now.getTime()) {
    throw new InputError(input, `is ${shown}, which is in the future (now is ${now.toISOString()})`, `a time between the server's earliest restore time and now`);
  }
  const earliest = parseAzureTime(source.properties.backup?.earliestRestoreDate);
  if (!earliest) {
    throw new InputError(input, `is ${shown}, but server '${source.name}' reports no earliest restore time yet (it has no completed backup)`, 'a time after its first backup has completed');
  }
  if (time.getTime() < earliest.getTime()) {
    throw new InputError(input, `is ${shown}, which is before the earliest restore time of server '${source.name}' (${earliest.toISOString()})`, `a time between ${earliest.toISOString()} and now`);
  }
}
