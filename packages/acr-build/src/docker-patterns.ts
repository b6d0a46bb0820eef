import { GoRegexpError, goRegexpToJs } from './go-regexp.js';

/**
 * Docker's .dockerignore pattern matcher, following moby/patternmatcher (the code docker/cli and
 * moby/go-archive use): each pattern is trimmed, cleaned like Go's filepath.Clean, checked with Go's
 * filepath.Match syntax rules, then compiled to an exact, prefix ("dir/**"), suffix ("**.log") or
 * regular-expression match. Matching is case-sensitive, characters such as `+ ( ) | { } $ .` are
 * literal, `?` is one code point, and a pattern also matches everything below a directory it matches.
 */
export class PatternError extends Error {}

type MatchType = 'exact' | 'prefix' | 'suffix' | 'regexp';

export class DockerPattern {
  readonly exclusion: boolean;
  /** The cleaned pattern without its `!`. */
  readonly text: string;
  /** How many path segments the pattern has (the legacy single-parent check uses it). */
  readonly segments: number;
  readonly #type: MatchType;
  readonly #regexp: RegExp | undefined;

  constructor(text: string, exclusion: boolean) {
    this.text = text;
    this.exclusion = exclusion;
    this.segments = text.split('/').length;
    const compiled = compile(text);
    this.#type = compiled.type;
    this.#regexp = compiled.regexp;
  }

  matches(path: string): boolean {
    switch (this.#type) {
      case 'exact':
        return path === this.text;
      case 'prefix':
        return path.startsWith(this.text.slice(0, -2));
      case 'suffix': {
        const suffix = this.text.slice(2);
        if (path.endsWith(suffix)) return true;
        // `**/foo` matches "foo".
        return suffix.startsWith('/') && path === suffix.slice(1);
      }
      case 'regexp':
        return this.#regexp!.test(path);
    }
  }
}

/** Where a path's patterns matched, handed from a directory to its children (patternmatcher's MatchInfo). */
export type ParentMatches = readonly boolean[] | undefined;

export class DockerPatternMatcher {
  readonly patterns: readonly DockerPattern[];
  /** Whether any pattern is an exception (`!`). */
  readonly hasExclusions: boolean;

  /** Throws PatternError for a bare `!` or a pattern Go's filepath.Match or regexp would refuse. */
  constructor(patterns: readonly string[]) {
    const compiled: DockerPattern[] = [];
    for (const raw of patterns) {
      let pattern = goTrimSpace(raw);
      if (pattern === '') continue;
      pattern = goClean(pattern);
      let exclusion = false;
      if (pattern.startsWith('!')) {
        if (pattern.length === 1) throw new PatternError('a lone "!" is not a pattern (an exception needs a path after the "!")');
        exclusion = true;
        pattern = pattern.slice(1);
      }
      checkGlobSyntax(pattern);
      compiled.push(new DockerPattern(pattern, exclusion));
    }
    this.patterns = compiled;
    this.hasExclusions = compiled.some((pattern) => pattern.exclusion);
  }

  /**
   * Whether `path` is excluded, given the match results of its parent directory (undefined for a
   * path at the top or when they are unknown, in which case parents are checked here): what
   * go-archive's walk asks (patternmatcher's MatchesUsingParentResults). Returns the results to
   * hand to the path's own children.
   */
  matchWithParent(path: string, parent: ParentMatches): { excluded: boolean; matches: boolean[] } {
    let excluded = false;
    const matches = new Array<boolean>(this.patterns.length).fill(false);
    this.patterns.forEach((pattern, index) => {
      let match = parent?.[index] ?? false;
      if (!match) {
        if (pattern.exclusion !== excluded) return;
        match = pattern.matches(path);
        if (!match && parent === undefined) match = parentDirs(path).some((dir) => pattern.matches(dir));
      }
      matches[index] = match;
      if (match) excluded = !pattern.exclusion;
    });
    return { excluded, matches };
  }

  /** patternmatcher's MatchesOrParentMatches. */
  matchesOrParentMatches(path: string): boolean {
    return this.matchWithParent(path, undefined).excluded;
  }

  /**
   * patternmatcher's package-level `Matches` (deprecated upstream, still what docker/cli uses to keep
   * the Dockerfile and .dockerignore): only the parent with as many segments as the pattern is checked.
   */
  legacyMatches(file: string): boolean {
    const path = goClean(file);
    if (path === '.') return false;
    const parent = goDir(path);
    const parentSegments = parent.split('/');
    let excluded = false;
    for (const pattern of this.patterns) {
      if (pattern.exclusion !== excluded) continue;
      let match = pattern.matches(path);
      if (!match && parent !== '.' && pattern.segments <= parentSegments.length) {
        match = pattern.matches(parentSegments.slice(0, pattern.segments).join('/'));
      }
      if (match) excluded = !pattern.exclusion;
    }
    return excluded;
  }
}

/** "a/b/c" → ["a", "a/b"] (the parents Go's filepath.Dir and a split give). */
function parentDirs(path: string): string[] {
  const parent = goDir(path);
  if (parent === '.') return [];
  const parts = parent.split('/');
  return parts.map((_, index) => parts.slice(0, index + 1).join('/'));
}

/** Go's strings.TrimSpace: Unicode White_Space (not U+FEFF, which JavaScript's trim removes). */
export function goTrimSpace(text: string): string {
  return text.replace(/^[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+|[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+$/g, '');
}

/** Go's path/filepath.Clean on a Unix system. */
export function goClean(path: string): string {
  if (path === '') return '.';
  const rooted = path.startsWith('/');
  const out: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (out.length > 0 && out[out.length - 1] !== '..') out.pop();
      else if (!rooted) out.push('..');
      continue;
    }
    out.push(part);
  }
  const joined = out.join('/');
  if (rooted) return `/${joined}`;
  return joined === '' ? '.' : joined;
}

/** Go's path/filepath.Dir on a Unix system. */
export function goDir(path: string): string {
  const slash = path.lastIndexOf('/');
  return goClean(path.slice(0, slash + 1));
}

/**
 * The syntax check patternmatcher gets from Go's filepath.Match: a `\` needs a character after it,
 * and a `[...]` class needs at least one character or range, `]` and `-` escaped, and its closing `]`.
 */
function checkGlobSyntax(pattern: string): void {
  const chars = Array.from(pattern);
  const bad = (why: string) => new PatternError(`${why} (Go's filepath.Match syntax, which Docker uses)`);
  let at = 0;
  const classChar = (): void => {
    const c = chars[at];
    if (c === undefined || c === '-' || c === ']') throw bad(c === undefined ? 'a "[" class is not closed' : `"${c}" must be escaped as "\\${c}" inside a "[...]" class`);
    at++;
    if (c === '\\') {
      if (chars[at] === undefined) throw bad('a "\\" at the end escapes nothing');
      at++;
    }
    if (chars[at] === undefined) throw bad('a "[" class is not closed');
  };
  while (at < chars.length) {
    const c = chars[at++];
    if (c === '\\') {
      if (chars[at] === undefined) throw bad('a "\\" at the end escapes nothing');
      at++;
    } else if (c === '[') {
      if (chars[at] === '^') at++;
      let ranges = 0;
      for (;;) {
        if (chars[at] === ']' && ranges > 0) {
          at++;
          break;
        }
        classChar();
        if (chars[at] === '-') {
          at++;
          classChar();
        }
        ranges++;
      }
    }
  }
}

/** patternmatcher's Pattern.compile: the match type and, for regexp matches, Go's regular expression. */
function compile(pattern: string): { type: MatchType; regexp?: RegExp } {
  const chars = Array.from(pattern);
  let source = '^';
  let type: MatchType = 'exact';
  let at = 0;
  const peek = () => chars[at];
  for (let i = 0; at < chars.length; i++) {
    const c = chars[at++]!;
    if (c === '*') {
      if (peek() === '*') {
        at++;
        // `**/` is read as `**`.
        if (peek() === '/') at++;
        if (peek() === undefined) {
          if (type === 'exact') type = 'prefix';
          else {
            source += '.*';
            type = 'regexp';
          }
        } else {
          source += '(.*/)?';
          type = 'regexp';
        }
        if (i === 0) type = 'suffix';
      } else {
        source += '[^/]*';
        type = 'regexp';
      }
    } else if (c === '?') {
      source += '[^/]';
      type = 'regexp';
    } else if ('.+()|{}$'.includes(c)) {
      source += `\\${c}`;
    } else if (c === '\\') {
      if (peek() !== undefined) {
        source += `\\${chars[at++]}`;
        type = 'regexp';
      } else {
        source += '\\';
      }
    } else if (c === '[' || c === ']') {
      source += c;
      type = 'regexp';
    } else {
      source += c;
    }
  }
  if (type !== 'regexp') return { type };
  try {
    return { type, regexp: goRegexpToJs(`${source}$`) };
  } catch (error) {
    if (error instanceof GoRegexpError) throw new PatternError(`it is not a pattern Docker can use: ${error.message}`);
    throw error;
  }
}
