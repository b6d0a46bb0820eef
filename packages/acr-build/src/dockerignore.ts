import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ActionError } from '@te-actions/action-kit';
import { DockerPatternMatcher, goClean, goTrimSpace, PatternError, type ParentMatches } from './docker-patterns.js';

/** One line of an ignore file, as Docker reads it. */
export interface IgnoreLine {
  /** 1-based line number in the file. */
  line: number;
  pattern: string;
}

export interface ContextFilter {
  /**
   * Whether a path (relative to the context, forward slashes) is left out, given the results its
   * parent directory got (undefined at the top); also returns the results for the path's children.
   */
  match(path: string, parent: ParentMatches): { excluded: boolean; matches: boolean[] };
  /**
   * Whether an excluded directory must still be walked: only when an exception (`!`) pattern starts
   * with the directory's path, as go-archive decides. Other excluded directories are never read.
   */
  mustDescend(dir: string): boolean;
}

/**
 * The patterns of an ignore file, as moby/patternmatcher's ignorefile.ReadAll reads them: a UTF-8 BOM
 * dropped, lines starting with `#` (in the first column only) are comments, spaces around a pattern
 * trimmed, blank lines dropped, each pattern cleaned like a path and a leading `/` removed.
 */
export function parseDockerignore(text: string): IgnoreLine[] {
  const result: IgnoreLine[] = [];
  const lines = text.replace(/^\uFEFF/, '').split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  lines.forEach((raw, index) => {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line.startsWith('#')) return;
    let pattern = goTrimSpace(line);
    if (pattern === '') return;
    const invert = pattern.startsWith('!');
    if (invert) pattern = goTrimSpace(pattern.slice(1));
    if (pattern.length > 0) {
      pattern = goClean(pattern);
      if (pattern.length > 1 && pattern.startsWith('/')) pattern = pattern.slice(1);
    }
    result.push({ line: index + 1, pattern: invert ? `!${pattern}` : pattern });
  });
  return result;
}

/**
 * The context filter Docker applies: the ignore file's patterns, then (as docker/cli's
 * TrimBuildFilesFromExcludes does) exceptions for the ignore file and the Dockerfile when a pattern
 * excludes them, so both still reach the builder. `source` names the file in error messages.
 */
export function createContextFilter(lines: readonly IgnoreLine[], keep: readonly string[], source = '.dockerignore'): ContextFilter {
  for (const { line, pattern } of lines) {
    try {
      new DockerPatternMatcher([pattern]);
    } catch (error) {
      if (!(error instanceof PatternError)) throw error;
      throw new ActionError(`${source} line ${line} has the pattern "${pattern}", which Docker refuses: ${error.message}. Fix or remove that line.`);
    }
  }
  const patterns = lines.map((line) => line.pattern);
  for (const path of keep) {
    if (new DockerPatternMatcher(patterns).legacyMatches(path)) patterns.push(`!${path}`);
  }
  const matcher = new DockerPatternMatcher(patterns);
  const exceptions = matcher.patterns.filter((pattern) => pattern.exclusion).map((pattern) => `${pattern.text}/`);
  return {
    match: (path, parent) => matcher.matchWithParent(path, parent),
    mustDescend: (dir) => exceptions.some((exception) => exception.startsWith(`${dir}/`)),
  };
}

/**
 * Which ignore file applies: `<Dockerfile>.dockerignore` beside the Dockerfile when it exists (BuildKit
 * reads it instead of the context's), else `.dockerignore` at the context root; undefined when neither.
 */
export function findIgnoreFile(contextDir: string, dockerfile: string): string | undefined {
  const specific = `${dockerfile}.dockerignore`;
  if (existsSync(join(contextDir, specific))) return specific;
  if (existsSync(join(contextDir, '.dockerignore'))) return '.dockerignore';
  return undefined;
}

/**
 * Reads the ignore file that applies (see findIgnoreFile; `dockerfileAsGiven` is the Dockerfile path
 * before symbolic links are resolved) and builds the filter; the Dockerfile, `.dockerignore` and the
 * ignore file used are always sent. Throws an ActionError naming the line of a pattern Docker refuses.
 */
export function readContextFilter(contextDir: string, dockerfile: string, dockerfileAsGiven = dockerfile): ContextFilter {
  const file = findIgnoreFile(contextDir, dockerfileAsGiven);
  const text = file === undefined ? '' : readFileSync(join(contextDir, file), 'utf8');
  const keep = ['.dockerignore', ...(file && file !== '.dockerignore' ? [file] : []), dockerfile];
  return createContextFilter(parseDockerignore(text), keep, file ?? '.dockerignore');
}
