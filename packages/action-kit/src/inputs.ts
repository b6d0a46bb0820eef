import * as core from '@actions/core';
import { InputError } from './input-error.js';

/** Shows a value in an error message without letting a long or multi-line value flood the log. */
export function quote(value: string): string {
  const oneLine = JSON.stringify(value);
  return oneLine.length > 80 ? `${oneLine.slice(0, 77)}..."` : oneLine;
}

/** The raw input as the runner passes it (INPUT_<NAME>), trimmed unless `trim` is false. */
export function rawInput(name: string, trim = true): string {
  return core.getInput(name, { trimWhitespace: trim });
}

export function requiredString(name: string, expected = 'a non-empty value'): string {
  const value = rawInput(name);
  if (!value) throw new InputError(name, 'is required but was empty', expected);
  return value;
}

export function optionalString(name: string): string | undefined {
  const value = rawInput(name);
  return value === '' ? undefined : value;
}

export function matching(name: string, pattern: RegExp, expected: string, value = rawInput(name)): string {
  if (!pattern.test(value)) throw new InputError(name, `has the value ${quote(value)}`, expected);
  return value;
}

const TRUE_VALUES = ['true', 'True', 'TRUE'];
const FALSE_VALUES = ['false', 'False', 'FALSE'];

/** A YAML 1.2 core-schema boolean, as `core.getBooleanInput` accepts, with a default when empty. */
export function boolean(name: string, fallback: boolean): boolean {
  const value = rawInput(name);
  if (value === '') return fallback;
  if (TRUE_VALUES.includes(value)) return true;
  if (FALSE_VALUES.includes(value)) return false;
  throw new InputError(name, `has the value ${quote(value)}`, 'true or false');
}

export interface IntegerRule {
  min: number;
  max: number;
  fallback?: number;
}

export function integer(name: string, rule: IntegerRule): number {
  const value = rawInput(name);
  const range = `a whole number from ${rule.min} to ${rule.max}`;
  if (value === '') {
    if (rule.fallback === undefined) throw new InputError(name, 'is required but was empty', range);
    return rule.fallback;
  }
  if (!/^-?\d+$/.test(value)) throw new InputError(name, `has the value ${quote(value)}, which is not a whole number`, range);
  const parsed = Number(value);
  if (parsed < rule.min || parsed > rule.max) throw new InputError(name, `has the value ${value}, which is out of range`, range);
  return parsed;
}

export function choice<T extends string>(name: string, options: readonly T[], fallback: T): T {
  const value = rawInput(name);
  if (value === '') return fallback;
  const found = options.find((option) => option.toLowerCase() === value.toLowerCase());
  if (!found) throw new InputError(name, `has the value ${quote(value)}`, `one of ${options.join(', ')}`);
  return found;
}

/** Non-empty lines of a multi-line input, trimmed; lines starting with # are comments. */
export function lines(name: string): string[] {
  return rawInput(name)
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
}

export interface NameValue {
  name: string;
  value: string;
}

/**
 * A multi-line NAME=VALUE list. The value is everything after the first `=` and is kept exactly
 * (quotes, `$()` and spaces included): it is passed on as data, never to a shell. A value with
 * line breaks uses the runner's own multi-line form: a `NAME<<DELIMITER` line, the value's lines,
 * then a line that is exactly DELIMITER.
 */
export function nameValueList(name: string, namePattern = /^[A-Za-z_][A-Za-z0-9_.-]*$/): NameValue[] {
  const result: NameValue[] = [];
  const seen = new Set<string>();
  const all = rawInput(name, false).split(/\r?\n/);
  const add = (key: string, value: string, where: string) => {
    if (!namePattern.test(key)) {
      throw new InputError(name, `has ${where} with the name ${quote(key)}`, 'NAME=VALUE where NAME is letters, digits and _ and does not start with a digit');
    }
    if (seen.has(key)) throw new InputError(name, `sets ${key} twice (${where})`, 'each NAME once');
    seen.add(key);
    result.push({ name: key, value });
  };
  for (let index = 0; index < all.length; index++) {
    const line = all[index]!;
    const where = `line ${index + 1}`;
    if (line.trim() === '' || line.trimStart().startsWith('#')) continue;
    const heredoc = /^\s*([^=<\s]+)<<(\S+)\s*$/.exec(line);
    if (heredoc) {
      const [, key, delimiter] = heredoc;
      const end = all.findIndex((candidate, at) => at > index && candidate === delimiter);
      if (end < 0) throw new InputError(name, `has ${where} starting ${quote(`${key}<<${delimiter}`)} with no closing ${quote(delimiter!)} line`, `the value's lines, then a line that is exactly ${delimiter}`);
      add(key!, all.slice(index + 1, end).join('\n'), where);
      index = end;
      continue;
    }
    const at = line.indexOf('=');
    if (at < 0) throw new InputError(name, `has ${where} without '=': ${quote(line.trim())}`, 'one NAME=VALUE pair per line');
    add(line.slice(0, at).trim(), line.slice(at + 1), where);
  }
  return result;
}
