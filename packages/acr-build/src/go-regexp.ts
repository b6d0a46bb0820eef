/**
 * Go's regexp syntax (RE2, as `regexp.Compile` reads it: Perl flags, case-sensitive, `.` not matching
 * a newline) turned into an equivalent JavaScript RegExp with the `u` flag, for the subset that
 * Docker's pattern matcher produces from .dockerignore lines: literals, `\` escapes, character classes
 * (POSIX `[:name:]` and `\d`-style classes included), groups, alternation and the `* + ?` quantifiers.
 * Each atom is re-emitted in a form JavaScript reads the same way (literals as `\u{...}`), so no
 * character of a file name or pattern is ever given a meaning Go would not give it. What Go refuses,
 * or what this subset does not cover, throws a GoRegexpError (the caller refuses the pattern).
 */
export class GoRegexpError extends Error {}

const POSIX_CLASSES: Record<string, string> = {
  alnum: '0-9A-Za-z',
  alpha: 'A-Za-z',
  ascii: '\\u{0}-\\u{7f}',
  blank: '\\t ',
  cntrl: '\\u{0}-\\u{1f}\\u{7f}',
  digit: '0-9',
  graph: '!-~',
  lower: 'a-z',
  print: ' -~',
  punct: '!-\\/:-@\\[-`{-~',
  space: '\\t\\n\\v\\f\\r ',
  upper: 'A-Z',
  word: '0-9A-Za-z_',
  xdigit: '0-9A-Fa-f',
};

/** Go's Perl classes (ASCII only, unlike JavaScript's \s). */
const PERL_CLASSES: Record<string, string> = {
  d: '0-9',
  s: '\\t\\n\\f\\r ',
  w: '0-9A-Za-z_',
};

const lit = (codePoint: number) => `\\u{${codePoint.toString(16)}}`;
const isAsciiPunct = (c: number) => c < 0x80 && !/[0-9A-Za-z]/.test(String.fromCodePoint(c));

export function goRegexpToJs(source: string): RegExp {
  const chars = Array.from(source);
  let at = 0;
  let out = '';
  let depth = 0;
  /** Whether the last thing emitted can take a quantifier (Go refuses `**`, `^*`, `(*`). */
  let repeatable = false;
  let lastWasQuantifier = false;

  const escapeValue = (inClass: boolean): { single?: number; ranges?: string; negated?: boolean } => {
    // `at` is just past the backslash.
    const c = chars[at++];
    if (c === undefined) throw new GoRegexpError('trailing backslash');
    const code = c.codePointAt(0)!;
    if (isAsciiPunct(code)) return { single: code };
    const simple: Record<string, number> = { a: 7, f: 12, n: 10, r: 13, t: 9, v: 11 };
    if (simple[c] !== undefined) return { single: simple[c] };
    const lower = c.toLowerCase();
    if (PERL_CLASSES[lower] !== undefined && (c === lower || c === c.toUpperCase())) return { ranges: PERL_CLASSES[lower], negated: c !== lower };
    if (!inClass && (c === 'b' || c === 'B' || c === 'A' || c === 'z')) return {};
    throw new GoRegexpError(`the escape \\${c} is not supported`);
  };

  const parseClass = () => {
    // `at` is just past `[`.
    let negated = false;
    if (chars[at] === '^') {
      negated = true;
      at++;
    }
    const items: string[] = [];
    const negatedParts: string[] = [];
    let first = true;
    for (;;) {
      const c = chars[at];
      if (c === undefined) throw new GoRegexpError('missing closing ]');
      if (c === ']' && !first) {
        at++;
        break;
      }
      first = false;
      if (c === '[' && chars[at + 1] === ':') {
        const rest = chars.slice(at).join('');
        const end = rest.indexOf(':]', 2);
        if (end >= 0) {
          let name = rest.slice(2, end);
          let negate = false;
          if (name.startsWith('^')) {
            negate = true;
            name = name.slice(1);
          }
          const ranges = POSIX_CLASSES[name];
          if (ranges === undefined) throw new GoRegexpError(`unknown class [:${name}:]`);
          if (negate) negatedParts.push(ranges);
          else items.push(ranges);
          at += Array.from(rest.slice(0, end + 2)).length;
          continue;
        }
      }
      if (c === '\\' && chars[at + 1] !== undefined && /[dswDSW]/.test(chars[at + 1]!)) {
        at++;
        const value = escapeValue(true);
        if (value.negated) negatedParts.push(value.ranges!);
        else items.push(value.ranges!);
        continue;
      }
      const lo = classChar();
      let hi = lo;
      if (chars[at] === '-' && chars[at + 1] !== undefined && chars[at + 1] !== ']') {
        at++;
        hi = classChar();
        if (hi < lo) throw new GoRegexpError('bad character class range');
      }
      items.push(lo === hi ? lit(lo) : `${lit(lo)}-${lit(hi)}`);
    }
    // A class with negated sub-classes ([\D], [[:^alpha:]]) is the union of its parts.
    if (negatedParts.length === 0) return `[${negated ? '^' : ''}${items.join('')}]`;
    const union: string[] = [];
    if (items.length) union.push(`[${items.join('')}]`);
    for (const part of negatedParts) union.push(`[^${part}]`);
    const positive = `(?:${union.join('|')})`;
    return negated ? `(?:(?!${positive})[^])` : positive;
  };

  const classChar = (): number => {
    const c = chars[at];
    if (c === undefined) throw new GoRegexpError('missing closing ]');
    at++;
    if (c !== '\\') return c.codePointAt(0)!;
    const value = escapeValue(true);
    if (value.single === undefined) throw new GoRegexpError('bad escape in a character class');
    return value.single;
  };

  while (at < chars.length) {
    const c = chars[at++]!;
    let atom: string | undefined;
    switch (c) {
      case '^':
        out += '^';
        repeatable = false;
        lastWasQuantifier = false;
        continue;
      case '$':
        out += '$';
        repeatable = false;
        lastWasQuantifier = false;
        continue;
      case '|':
        out += '|';
        repeatable = false;
        lastWasQuantifier = false;
        continue;
      case '(':
        depth++;
        out += '(?:';
        repeatable = false;
        lastWasQuantifier = false;
        continue;
      case ')':
        if (depth === 0) throw new GoRegexpError('unexpected )');
        depth--;
        out += ')';
        repeatable = true;
        lastWasQuantifier = false;
        continue;
      case '*':
      case '+':
      case '?':
        if (!repeatable || lastWasQuantifier) throw new GoRegexpError('missing argument to repetition operator');
        out += c;
        lastWasQuantifier = true;
        continue;
      case '{':
        throw new GoRegexpError('counted repetition is not supported');
      case '.':
        atom = '[^\\n]';
        break;
      case '[':
        atom = parseClass();
        break;
      case '\\': {
        const value = escapeValue(false);
        if (value.single !== undefined) atom = lit(value.single);
        else if (value.ranges !== undefined) atom = value.negated ? `[^${value.ranges}]` : `[${value.ranges}]`;
        else {
          const anchor = chars[at - 1]!;
          out += anchor === 'A' ? '^' : anchor === 'z' ? '$' : `\\${anchor}`;
          repeatable = false;
          lastWasQuantifier = false;
          continue;
        }
        break;
      }
      default:
        atom = lit(c.codePointAt(0)!);
    }
    out += atom;
    repeatable = true;
    lastWasQuantifier = false;
  }
  if (depth !== 0) throw new GoRegexpError('missing closing )');
  try {
    return new RegExp(out, 'u');
  } catch (error) {
    throw new GoRegexpError((error as Error).message);
  }
}
