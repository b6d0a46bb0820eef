import { lstatSync, realpathSync, statSync } from 'node:fs';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { InputError, quote } from '@te-actions/action-kit';

export interface BuildContext {
  /** Absolute, symlink-free path of the context directory. */
  contextDir: string;
  /**
   * The Dockerfile path relative to the context, with forward slashes (as ACR expects), symbolic
   * links resolved as docker/cli resolves them, so the file the build reads is the one in the archive.
   */
  dockerfile: string;
  /** The Dockerfile path as given (or as found by the fallback), before links are resolved. */
  dockerfileAsGiven: string;
}

/** docker/cli's default Dockerfile name; when it is absent, `dockerfile` is used if it exists. */
export const DEFAULT_DOCKERFILE = 'Dockerfile';

function inside(parent: string, child: string): boolean {
  const rel = relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

/**
 * Resolves the `context` input (relative to the workspace) and the `dockerfile` input (relative to
 * the context). Both must stay inside the workspace after resolving symlinks, the context must be a
 * directory and the Dockerfile a regular file inside the context (ACR reads it from the archive).
 * As docker/cli does when no file is named, a missing `Dockerfile` falls back to `dockerfile`.
 */
export function resolveBuildContext(workspace: string, context: string, dockerfile: string): BuildContext {
  const root = realpathSync(workspace);
  const requested = resolve(root, context);
  if (!inside(root, requested)) throw new InputError('context', `has the value ${quote(context)}, which points outside the workspace`, 'a directory inside the repository, e.g. . or services/migrations');
  let contextDir: string;
  try {
    contextDir = realpathSync(requested);
  } catch {
    throw new InputError('context', `has the value ${quote(context)}, which does not exist in the workspace`, 'an existing directory inside the repository, e.g. . or services/migrations');
  }
  if (!inside(root, contextDir)) throw new InputError('context', `has the value ${quote(context)}, which resolves (through a symbolic link) outside the workspace`, 'a directory inside the repository');
  if (!statSync(contextDir).isDirectory()) throw new InputError('context', `has the value ${quote(context)}, which is not a directory`, 'a directory inside the repository');

  const expectedFile = 'a Dockerfile path relative to the context directory, e.g. Dockerfile or docker/migrate.Dockerfile';
  if (isAbsolute(dockerfile)) throw new InputError('dockerfile', `has the value ${quote(dockerfile)}, an absolute path`, expectedFile);
  let file = resolve(contextDir, dockerfile);
  if (dockerfile === DEFAULT_DOCKERFILE && !exists(file) && exists(resolve(contextDir, DEFAULT_DOCKERFILE.toLowerCase()))) file = resolve(contextDir, DEFAULT_DOCKERFILE.toLowerCase());
  if (!inside(contextDir, file) || file === contextDir) throw new InputError('dockerfile', `has the value ${quote(dockerfile)}, which points outside the build context`, expectedFile);
  let real: string;
  try {
    lstatSync(file);
    real = realpathSync(file);
  } catch {
    throw new InputError('dockerfile', `has the value ${quote(dockerfile)}, but ${relative(root, file).split(sep).join('/')} does not exist`, expectedFile);
  }
  if (!inside(contextDir, real)) throw new InputError('dockerfile', `has the value ${quote(dockerfile)}, which resolves (through a symbolic link) outside the build context`, expectedFile);
  if (!statSync(real).isFile()) throw new InputError('dockerfile', `has the value ${quote(dockerfile)}, which is not a file`, expectedFile);
  return { contextDir, dockerfile: relative(contextDir, real).split(sep).join('/'), dockerfileAsGiven: relative(contextDir, file).split(sep).join('/') };
}

function exists(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
}
