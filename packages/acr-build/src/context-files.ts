import { lstatSync, readdirSync, type Dirent } from 'node:fs';
import type { ParentMatches } from './docker-patterns.js';
import type { ContextFilter } from './dockerignore.js';

/** Version-control folders that `az acr build` never sends when they sit at the top of the context. */
export const VCS_FOLDERS: readonly string[] = ['.git', '.hg', '.svn', '.bzr'];

/** One path to archive. */
export interface ContextEntry {
  /** Relative to the context, forward slashes; a name that is not UTF-8 shows U+FFFD here. */
  path: string;
  /** The exact bytes of the relative path, set only when a name in it is not valid UTF-8. */
  raw?: Buffer;
  /** Set when the folder listing said this is a regular file. */
  file?: true;
}

export interface ContextListing {
  entries: ContextEntry[];
  /** Top-level version-control folders left out (see VCS_FOLDERS). */
  vcsLeftOut: string[];
}

export interface ListOptions {
  /** Send top-level .git, .hg, .svn and .bzr too (default false, as `az acr build`). */
  includeVcs?: boolean;
}

/**
 * The paths to archive, walked as moby/go-archive's TarWithOptions walks a build context: depth
 * first, names in byte order (so the same tree always gives the same archive), directories before
 * their contents. An excluded directory is not read at all unless an exception pattern starts with
 * its path (then only its re-included contents are listed, without the directory itself), so an
 * excluded node_modules costs one match and an unreadable excluded folder is never opened. Symbolic
 * links are listed, never followed. Only names are held in memory.
 *
 * The walk is lazy: the context folder itself is read at once (so `vcsLeftOut` is known), each
 * deeper folder when the archive reaches it, so compression starts before the whole tree is listed.
 * A folder that is not excluded and cannot be read throws from `next()`.
 */
export class ContextWalk implements IterableIterator<ContextEntry> {
  /** Top-level version-control folders left out (see VCS_FOLDERS). */
  readonly vcsLeftOut: string[] = [];
  readonly #root: Buffer;
  readonly #filter: ContextFilter;
  readonly #includeVcs: boolean;
  readonly #stack: Frame[] = [];

  constructor(contextDir: string, filter: ContextFilter, options: ListOptions = {}) {
    this.#root = Buffer.from(contextDir);
    this.#filter = filter;
    this.#includeVcs = options.includeVcs ?? false;
    this.#enter(undefined, '', undefined, false, false);
  }

  [Symbol.iterator](): this {
    return this;
  }

  next(): IteratorResult<ContextEntry> {
    for (;;) {
      const frame = this.#stack[this.#stack.length - 1];
      if (frame === undefined) return { done: true, value: undefined };
      const dirent = frame.dirents[frame.next++];
      if (dirent === undefined) {
        this.#stack.pop();
        continue;
      }
      const nameRaw = dirent.name;
      const name = nameRaw.toString('utf8');
      const top = frame.relRaw === undefined;
      const path = top ? name : `${frame.relPath}/${name}`;
      const raw = top ? nameRaw : Buffer.concat([frame.relRaw!, SLASH, nameRaw]);
      const notUtf8 = frame.notUtf8 || !Buffer.from(name).equals(nameRaw);
      let isDir = dirent.isDirectory();
      if (!isDir && !dirent.isFile() && !dirent.isSymbolicLink() && !dirent.isFIFO() && !dirent.isSocket() && !dirent.isBlockDevice() && !dirent.isCharacterDevice()) {
        // The file system did not say what the entry is.
        isDir = lstatSync(Buffer.concat([this.#root, SLASH, raw])).isDirectory();
      }
      const { excluded, matches } = this.#filter.match(path, frame.parent);
      // Entered before the folder is returned: its contents come right after it.
      if (isDir && (!excluded || this.#filter.mustDescend(path))) this.#enter(raw, path, matches, excluded || frame.excludedDir, notUtf8);
      if (excluded) continue;
      const entry: ContextEntry = notUtf8 ? { path, raw } : { path };
      if (dirent.isFile()) entry.file = true;
      return { done: false, value: entry };
    }
  }

  #enter(relRaw: Buffer | undefined, relPath: string, parent: ParentMatches, excludedDir: boolean, notUtf8: boolean): void {
    const absolute = relRaw === undefined ? this.#root : Buffer.concat([this.#root, SLASH, relRaw]);
    let dirents: Dirent<Buffer>[];
    try {
      dirents = readdirSync(absolute, { withFileTypes: true, encoding: 'buffer' });
    } catch (error) {
      // go-archive logs and goes on for a folder it walks only for exceptions; an included folder
      // that cannot be read is refused (docker/cli checks the context before sending it).
      if (excludedDir) return;
      const what = relPath === '' ? 'the build context folder' : `the folder ${relPath} of the build context`;
      throw new Error(`cannot read ${what} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); make it readable or exclude it in .dockerignore`);
    }
    dirents.sort((a, b) => Buffer.compare(a.name, b.name));
    if (relRaw === undefined && !this.#includeVcs) {
      dirents = dirents.filter((dirent) => {
        const name = dirent.name.toString('utf8');
        if (!VCS_FOLDERS.includes(name)) return true;
        this.vcsLeftOut.push(name);
        return false;
      });
    }
    this.#stack.push({ dirents, next: 0, relRaw, relPath, parent, excludedDir, notUtf8 });
  }
}

interface Frame {
  dirents: Dirent<Buffer>[];
  next: number;
  relRaw: Buffer | undefined;
  relPath: string;
  parent: ParentMatches;
  excludedDir: boolean;
  notUtf8: boolean;
}

/** The whole walk at once (see ContextWalk). */
export function listContextFiles(contextDir: string, filter: ContextFilter, options: ListOptions = {}): ContextListing {
  const walk = new ContextWalk(contextDir, filter, options);
  const entries = [...walk];
  return { entries, vcsLeftOut: walk.vcsLeftOut };
}

const SLASH = Buffer.from('/');
