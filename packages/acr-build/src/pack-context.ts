import { Readable } from 'node:stream';
import { pipeline } from 'node:stream';
import { constants, createGzip } from 'node:zlib';
import { create } from 'tar';
import { listContextFiles } from './context-files.js';
import { readContextFilter } from './dockerignore.js';

/** Every entry gets this modification time, so an unchanged tree gives a byte-identical archive. */
export const FIXED_MTIME = new Date('2000-01-01T00:00:00Z');

export interface PackOptions {
  /** The Dockerfile relative to the context, kept even when .dockerignore excludes it. */
  dockerfile: string;
  /** zlib level 1-9. */
  gzipLevel?: number;
}

export interface PackedContext {
  /** The gzipped tar, produced as it is read. */
  stream: Readable;
  /** The archived paths, in archive order. */
  entries: string[];
}

/**
 * Packs the build context into a gzipped tar, streaming: files are read as the archive is consumed
 * and never held whole in memory. .dockerignore is honoured as Docker does; entries are sorted;
 * owners, atime and ctime are dropped and mtime fixed; symbolic links are stored as links.
 */
export function packContext(contextDir: string, options: PackOptions): PackedContext {
  const filter = readContextFilter(contextDir, options.dockerfile);
  const entries = listContextFiles(contextDir, filter);
  const pack = create(
    {
      cwd: contextDir,
      portable: true,
      mtime: FIXED_MTIME,
      follow: false,
      noDirRecurse: true,
      strict: true,
      // Files opened and read ahead at once (node-tar's default is 4): small files are dominated by
      // open/stat/close latency on the thread pool.
      jobs: 16,
    },
    entries,
  );
  // Compression runs in Node's zlib stream (on the libuv thread pool, in parallel with reading the
  // files) rather than node-tar's synchronous in-line gzip, which is slower and, flushing per entry,
  // compresses worse. node-tar's Pack is a Minipass stream: wrap it as a standard Node Readable.
  const gzip = createGzip({ level: options.gzipLevel ?? DEFAULT_GZIP_LEVEL, chunkSize: 256 * 1024, flush: constants.Z_NO_FLUSH });
  pipeline(Readable.from(pack as unknown as AsyncIterable<Buffer>, { objectMode: false }), gzip, () => {
    // Errors reach the consumer through `gzip`, which pipeline destroys with the error.
  });
  return { stream: gzip, entries };
}

export const DEFAULT_GZIP_LEVEL = 6;
