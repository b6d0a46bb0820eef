import { closeSync, lstatSync, openSync, readlinkSync, readSync, type Stats } from 'node:fs';
import { join } from 'node:path';
import { Header, Pax } from 'tar';

type EntryTypeName = 'File' | 'Directory' | 'SymbolicLink' | 'Link';

const BLOCK = 512;
/** Only ever copied from: padding and the end-of-archive blocks. */
const ZEROS = Buffer.alloc(2 * BLOCK);

export interface ContextTarOptions {
  /** The modification time of every file and link (directories carry none, as in node-tar's portable mode). */
  mtime: Date;
}

interface OpenFile {
  path: string;
  fd: number;
  size: number;
  remaining: number;
}

/**
 * The uncompressed tar of the listed context entries (relative, forward slashes, in archive order),
 * produced as it is asked for: `fill` writes the next bytes into a caller's buffer, so the caller can
 * recycle a few buffers whatever the context size. Each entry is lstat'ed once and files are read
 * straight into that buffer (large ones piece by piece). Headers are node-tar's (ustar, with a pax
 * header for long names) in its portable form, so the archive is byte for byte what node-tar's
 * `create({portable: true, mtime, noDirRecurse: true})` writes for the same list: no owners, atime or
 * ctime, modes normalised as node-tar does, the fixed mtime on files and links. Symbolic links are
 * stored as links and never followed; a file seen again through a hard link is stored as a link to
 * its first path. Sockets, FIFOs and devices are left out, as node-tar does.
 */
export class ContextTar {
  readonly #root: string;
  readonly #entries: readonly string[];
  readonly #mtime: Date;
  readonly #links = new Map<string, string>();
  readonly #scratch = Buffer.alloc(BLOCK);
  #next = 0;
  #open: OpenFile | undefined;
  /** Header bytes (or the end-of-archive blocks) not yet written. */
  #carry: Buffer | undefined;
  #ended = false;

  constructor(contextDir: string, entries: readonly string[], options: ContextTarOptions) {
    this.#root = contextDir;
    this.#entries = entries;
    this.#mtime = options.mtime;
  }

  /**
   * Writes the next tar bytes into `buffer` and returns how many: all of it, unless the archive
   * ends (0 once it has ended). A file that cannot be read throws; `close` releases an open file.
   */
  fill(buffer: Buffer): number {
    let at = 0;
    while (at < buffer.length) {
      if (this.#carry) {
        const written = this.#carry.copy(buffer, at);
        at += written;
        this.#carry = written < this.#carry.length ? this.#carry.subarray(written) : undefined;
      } else if (this.#open) {
        at = this.#readInto(this.#open, buffer, at);
      } else if (this.#next < this.#entries.length) {
        this.#carry = this.#header(this.#entries[this.#next++]!);
      } else if (!this.#ended) {
        // Two zero blocks end the archive (what node-tar writes).
        this.#carry = ZEROS;
        this.#ended = true;
      } else {
        break;
      }
    }
    return at;
  }

  /** Closes the file being read, if any (when the archive is abandoned half-way). */
  close(): void {
    if (this.#open) closeSync(this.#open.fd);
    this.#open = undefined;
  }

  /** The header of one entry, opening the file whose content follows; undefined for skipped types. */
  #header(path: string): Buffer | undefined {
    const absolute = join(this.#root, path);
    const stat = lstatSync(absolute);
    let type: EntryTypeName;
    let linkpath: string | undefined;
    let size = 0;
    let name = path;
    if (stat.isFile()) {
      const linked = stat.nlink > 1 ? this.#hardLink(stat, path) : undefined;
      if (linked !== undefined) {
        type = 'Link';
        linkpath = linked;
      } else {
        type = 'File';
        size = stat.size;
      }
    } else if (stat.isDirectory()) {
      type = 'Directory';
      name = `${path}/`;
    } else if (stat.isSymbolicLink()) {
      type = 'SymbolicLink';
      linkpath = readlinkSync(absolute);
    } else {
      return undefined;
    }
    // The scratch block is free again: a header is encoded only once the previous one is written out.
    const encoded = encodeHeader({
      path: name,
      linkpath,
      mode: portableMode(stat.mode, type === 'Directory'),
      size,
      // node-tar's portable mode gives directories no mtime; files and links carry the fixed one.
      mtime: type === 'Directory' ? undefined : this.#mtime,
      type,
    }, this.#scratch);
    if (size > 0) this.#open = { path, fd: openSync(absolute, 'r'), size, remaining: size };
    return encoded;
  }

  #hardLink(stat: Stats, path: string): string | undefined {
    const key = `${stat.dev}:${stat.ino}`;
    const first = this.#links.get(key);
    if (first === undefined) this.#links.set(key, path);
    return first;
  }

  /** Reads the open file into `buffer` from `at`, then pads its end to a whole block; returns the new offset. */
  #readInto(file: OpenFile, buffer: Buffer, at: number): number {
    while (file.remaining > 0 && at < buffer.length) {
      const read = readSync(file.fd, buffer, at, Math.min(file.remaining, buffer.length - at), null);
      if (read === 0) {
        throw new Error(`${file.path} became shorter while the build context was being packed; try again once it has stopped changing`);
      }
      file.remaining -= read;
      at += read;
    }
    if (file.remaining > 0) return at;
    closeSync(file.fd);
    this.#open = undefined;
    const padding = (BLOCK - (file.size % BLOCK)) % BLOCK;
    if (padding > 0) this.#carry = ZEROS.subarray(0, padding);
    return at;
  }
}

/** node-tar's portable mode bits: permissions only, at least rw for the owner, no group/other write; listable directories. */
function portableMode(mode: number, isDirectory: boolean): number {
  let result = ((mode & 0o7777) | 0o600) & ~0o22;
  if (isDirectory) {
    if (result & 0o400) result |= 0o100;
    if (result & 0o40) result |= 0o10;
    if (result & 0o4) result |= 0o1;
  }
  return result;
}

interface HeaderFields {
  path: string;
  linkpath: string | undefined;
  mode: number;
  size: number;
  mtime: Date | undefined;
  type: EntryTypeName;
}

/** A ustar header block, preceded by a pax extended header when a field does not fit (long names). */
function encodeHeader(fields: HeaderFields, block: Buffer): Buffer {
  block.fill(0);
  const needPax = new Header(fields).encode(block);
  if (!needPax) return block;
  const pax = new Pax({ path: fields.path, linkpath: fields.linkpath, size: fields.size, mtime: fields.mtime }).encode();
  return Buffer.concat([pax, block]);
}
