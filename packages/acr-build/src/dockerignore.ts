import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import dockerignore from '@balena/dockerignore';

type IgnoreFactory = (typeof import('@balena/dockerignore'))['default'];
// A CommonJS module whose types declare a default export: Node gives module.exports, some
// bundlers give { default }. Accept both.
const ignore: IgnoreFactory = typeof dockerignore === 'function' ? (dockerignore as IgnoreFactory) : (dockerignore as unknown as { default: IgnoreFactory }).default;

export interface ContextFilter {
  /** Whether a path (relative to the context, forward slashes) is left out of the archive. */
  excludes(path: string): boolean;
  /** Whether an excluded directory must still be walked because an exception (`!`) may re-include something below it. */
  mustDescend(dir: string): boolean;
}

/** The patterns of a .dockerignore text, as Docker reads them: comments and blank lines dropped. */
export function parseDockerignore(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
}

/**
 * Docker's .dockerignore rules (matching by @balena/dockerignore, a port of Docker's own matcher):
 * patterns, `!` exceptions where the last match wins, `**`, a leading `/` meaning the context
 * root, and the Dockerfile and .dockerignore always sent to the builder even when a pattern
 * excludes them.
 */
export function createContextFilter(patterns: string[], dockerfile: string): ContextFilter {
  const matcher = ignore().add(patterns);
  const hasExceptions = patterns.some((pattern) => pattern.startsWith('!'));
  const kept = new Set(['.dockerignore', dockerfile.replace(/^\.\//, '')]);
  const keptDirs = new Set<string>();
  for (const path of kept) {
    const parts = path.split('/');
    for (let i = 1; i < parts.length; i++) keptDirs.add(parts.slice(0, i).join('/'));
  }
  return {
    excludes: (path) => !kept.has(path) && matcher.ignores(path),
    mustDescend: (dir) => hasExceptions || keptDirs.has(dir),
  };
}

/** Reads <context>/.dockerignore (absent means nothing is ignored) and builds the filter. */
export function readContextFilter(contextDir: string, dockerfile: string): ContextFilter {
  let text = '';
  try {
    text = readFileSync(join(contextDir, '.dockerignore'), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  return createContextFilter(parseDockerignore(text), dockerfile);
}
