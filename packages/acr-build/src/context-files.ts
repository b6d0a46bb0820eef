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
 */
export function listContextFiles(contextDir: string, filter: ContextFilter, options: ListOptions = {}): ContextListing {
  const entries: ContextEntry[] = [];
  const vcsLeftOut: string[] = [];
  const root = Buffer.from(contextDir);
  const walk = (relRaw: Buffer | undefined, relPath: string, parent: ParentMatches, excludedDir: boolean, notUtf8: boolean) => {
    const absolute = relRaw === undefined ? root : Buffer.concat([root, SLASH, relRaw]);
    let dirents: Dirent<Buffer>[];
    try {
      dirents = readdirSync(absolute, { withFileTypes: true, encoding: 'buffer' });
    } catch (error) {
      // go-archive logs and goes on for a folder it walks only for exceptions; an included folder
      // that cannot be read is refused (docker/cli checks the context before sending it).
      if (excludedDir) return;
      throw new Error(`cannot read the folder ${relPath} of the build context (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); make it readable or exclude it in .dockerignore`);
    }
    dirents.sort((a, b) => Buffer.compare(a.name, b.name));
    for (const dirent of dirents) {
      const nameRaw = dirent.name;
      const name = nameRaw.toString('utf8');
      const valid = Buffer.byteLength(name) === nameRaw.length && Buffer.from(name).equals(nameRaw);
      const path = relRaw === undefined ? name : `${relPath}/${name}`;
      const raw = relRaw === undefined ? nameRaw : Buffer.concat([relRaw, SLASH, nameRaw]);
      if (relRaw === undefined && !options.includeVcs && VCS_FOLDERS.includes(name)) {
        vcsLeftOut.push(name);
        continue;
      }
      let isDir = dirent.isDirectory();
      if (!isDir && !dirent.isFile() && !dirent.isSymbolicLink() && !dirent.isFIFO() && !dirent.isSocket() && !dirent.isBlockDevice() && !dirent.isCharacterDevice()) {
        // The file system did not say what the entry is.
        isDir = lstatSync(Buffer.concat([root, SLASH, raw])).isDirectory();
      }
      const { excluded, matches } = filter.match(path, parent);
      const rawBytes = notUtf8 || !valid;
      if (!excluded) entries.push(rawBytes ? { path, raw } : { path });
      if (isDir && (!excluded || filter.mustDescend(path))) walk(raw, path, matches, excluded || excludedDir, rawBytes);
    }
  };
  walk(undefined, '', undefined, false, false);
  return { entries, vcsLeftOut };
}

const SLASH = Buffer.from('/');
