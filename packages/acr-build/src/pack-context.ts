import type { Readable } from 'node:stream';
import { ContextWalk } from './context-files.js';
import { ContextTar } from './context-tar.js';
import { readContextFilter } from './dockerignore.js';
import { createParallelGzip } from './parallel-gzip.js';

/** Every entry gets this modification time, so an unchanged tree gives a byte-identical archive. */
export const FIXED_MTIME = new Date('2000-01-01T00:00:00Z');

export interface PackOptions {
  /** The Dockerfile relative to the context (symbolic links resolved), kept even when .dockerignore excludes it. */
  dockerfile: string;
  /** The Dockerfile path as given, before links are resolved: `<it>.dockerignore` is looked for (default: dockerfile). */
  dockerfileAsGiven?: string;
  /** Send top-level .git, .hg, .svn and .bzr folders too (default false, as `az acr build`). */
  includeVcs?: boolean;
  /** zlib level 1-9. */
  gzipLevel?: number;
  /** Blocks compressed at once (default: one more than the available cores, at most 4); 1 compresses on one core. */
  gzipThreads?: number;
}

export interface PackedContext {
  /** The gzipped tar, produced as it is read. */
  stream: Readable;
  /**
   * The archived paths, in archive order. Folders are listed as the archive is produced (compression
   * starts at once), so this is complete once the stream has ended.
   */
  entries: string[];
  /** Top-level version-control folders left out of the archive. */
  vcsLeftOut: string[];
}

/**
 * Packs the build context into a gzipped tar, streaming: files are read as the archive is consumed
 * and never held whole in memory. The ignore file is honoured as Docker does (a pattern Docker
 * refuses throws here, before anything is read or sent); entries are sorted; permission bits kept,
 * owners, atime and ctime dropped and mtime fixed; symbolic links are stored as links.
 */
export function packContext(contextDir: string, options: PackOptions): PackedContext {
  const filter = readContextFilter(contextDir, options.dockerfile, options.dockerfileAsGiven);
  const walk = new ContextWalk(contextDir, filter, { includeVcs: options.includeVcs });
  const entries: string[] = [];
  const tar = new ContextTar(contextDir, walk, { mtime: FIXED_MTIME, onEntry: (entry) => entries.push(entry.path) });
  // The main thread reads the files into 1 MiB blocks while earlier blocks are compressed on the libuv
  // thread pool, on several cores; the blocks are recycled, so memory stays flat.
  const gzip = createParallelGzip(tar, { level: options.gzipLevel ?? DEFAULT_GZIP_LEVEL, threads: options.gzipThreads });
  return { stream: gzip, entries, vcsLeftOut: walk.vcsLeftOut };
}

export const DEFAULT_GZIP_LEVEL = 6;
