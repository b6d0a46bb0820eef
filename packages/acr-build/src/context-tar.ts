import { closeSync, constants, fstatSync, lstatSync, openSync, readlinkSync, readSync, type Stats } from 'node:fs';
import { Header, Pax } from 'tar';
import type { ContextEntry } from './context-files.js';

type EntryTypeName = 'File' | 'Directory' | 'SymbolicLink' | 'Link' | 'FIFO' | 'CharacterDevice' | 'BlockDevice';

const BLOCK = 512;
/** Only ever copied from: padding and the end-of-archive blocks. */
const ZEROS = Buffer.alloc(2 * BLOCK);

export interface ContextTarOptions {
  /** The modification time of every file and link (directories carry none, as in node-tar's portable mode). */
  mtime: Date;
  /** Called with each entry as it is archived. */
  onEntry?: (entry: ContextEntry) => void;
}

interface OpenFile {
  path: string;
  fd: number;
  size: number;
  remaining: number;
}

/**
 * The uncompressed tar of the context entries (relative, forward slashes, in archive order, taken
 * from the iterable one at a time),
 * produced as it is asked for: `fill` writes the next bytes into a caller's buffer, so the caller can
 * recycle a few buffers whatever the context size. Each entry is stat'ed once (a regular file through
 * its descriptor, opened without following links) and files are read straight into that buffer (large ones piece by piece). Headers are node-tar's (ustar, with a pax
 * header for long names) in its portable form: no owners, atime or ctime, the fixed mtime on files
 * and links. Permission bits (with setuid, setgid and sticky) are kept as they are on disk, for files
 * and folders, as Docker's archive (moby/go-archive, Go's tar.FileInfoHeader) keeps them; apart from
 * the mode, the archive is byte for byte what node-tar's `create({portable: true, mtime,
 * noDirRecurse: true})` writes. Symbolic links are stored as links and never followed; a file seen
 * again through a hard link is stored as a link to its first path. FIFOs and devices are stored as
 * such entries (no content is read), as Docker does; sockets are left out, as Go's tar cannot store
 * them. A name that is not UTF-8 is stored with its exact bytes in a pax `path` record.
 */
export class ContextTar {
  readonly #root: Buffer;
  readonly #entries: Iterator<ContextEntry>;
  readonly #onEntry: ((entry: ContextEntry) => void) | undefined;
  readonly #mtime: Date;
  readonly #links = new Map<string, string>();
  readonly #scratch = Buffer.alloc(BLOCK);
  #listed = false;
  #open: OpenFile | undefined;
  /** Header bytes (or the end-of-archive blocks) not yet written. */
  #carry: Buffer | undefined;
  #ended = false;

  constructor(contextDir: string, entries: Iterable<ContextEntry>, options: ContextTarOptions) {
    this.#root = Buffer.from(`${contextDir}/`);
    this.#entries = entries[Symbol.iterator]();
    this.#onEntry = options.onEntry;
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
      } else if (!this.#listed) {
        const next = this.#entries.next();
        if (next.done) this.#listed = true;
        else {
          this.#carry = this.#header(next.value);
          if (this.#carry) this.#onEntry?.(next.value);
        }
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
  #header(entry: ContextEntry): Buffer | undefined {
    const path = entry.path;
    const absolute = Buffer.concat([this.#root, entry.raw ?? Buffer.from(path)]);
    // A regular file (as the folder listing said) is opened without following links and stat'ed
    // through its descriptor: one path lookup instead of two. Anything else is lstat'ed, never opened.
    let fd = entry.file ? openRegular(absolute, path) : undefined;
    let stat: Stats | undefined = fd === undefined ? undefined : fstatSync(fd);
    if (fd !== undefined && !stat!.isFile()) {
      closeSync(fd);
      fd = undefined;
      stat = undefined;
    }
    stat ??= lstatSync(absolute);
    let type: EntryTypeName;
    let linkpath: string | undefined;
    let size = 0;
    let name = path;
    let devmaj: number | undefined;
    let devmin: number | undefined;
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
    } else if (stat.isFIFO()) {
      type = 'FIFO';
    } else if (stat.isCharacterDevice() || stat.isBlockDevice()) {
      type = stat.isCharacterDevice() ? 'CharacterDevice' : 'BlockDevice';
      // Linux's major/minor split of a device number (glibc's gnu_dev_major / gnu_dev_minor).
      const rdev = BigInt(stat.rdev);
      devmaj = Number(((rdev >> 8n) & 0xfffn) | ((rdev >> 32n) & ~0xfffn));
      devmin = Number((rdev & 0xffn) | ((rdev >> 12n) & ~0xffn));
    } else {
      return undefined;
    }
    // The scratch block is free again: a header is encoded only once the previous one is written out.
    const encoded = encodeHeader({
      path: name,
      linkpath,
      mode: stat.mode & 0o7777,
      size,
      devmaj,
      devmin,
      // node-tar's portable mode gives directories no mtime; files and links carry the fixed one.
      mtime: type === 'Directory' ? undefined : this.#mtime,
      type,
    }, this.#scratch, entry.raw && (type === 'Directory' ? Buffer.concat([entry.raw, Buffer.from('/')]) : entry.raw));
    if (size > 0) this.#open = { path, fd: fd ?? openFile(absolute, path), size, remaining: size };
    else if (fd !== undefined) closeSync(fd);
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

/** Opens what the listing said is a regular file; undefined when it has become a link meanwhile. */
function openRegular(absolute: Buffer, path: string): number | undefined {
  try {
    return openFile(absolute, path, constants.O_RDONLY | constants.O_NOFOLLOW);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ELOOP') return undefined;
    throw error;
  }
}

/** Opens a file to archive; one that cannot be read is refused with its path and what to do. */
function openFile(absolute: Buffer, path: string, flags: number | string = 'r'): number {
  try {
    return openSync(absolute, flags);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EACCES' || code === 'EPERM') throw new Error(`cannot read ${path} of the build context (permission denied); make it readable or exclude it in .dockerignore`);
    throw error;
  }
}

interface HeaderFields {
  path: string;
  linkpath: string | undefined;
  mode: number;
  size: number;
  mtime: Date | undefined;
  type: EntryTypeName;
  /** Device numbers, for devices only (node-tar leaves the fields empty otherwise). */
  devmaj: number | undefined;
  devmin: number | undefined;
}

/**
 * A ustar header block, preceded by a pax extended header when a field does not fit (long names) or
 * when `rawPath` (a name that is not UTF-8) must be stored byte for byte.
 */
function encodeHeader(fields: HeaderFields, block: Buffer, rawPath?: Buffer): Buffer {
  block.fill(0);
  const needPax = new Header(fields).encode(block);
  if (rawPath) return Buffer.concat([rawPathPax(rawPath, fields), block]);
  if (!needPax) return block;
  const pax = new Pax({ path: fields.path, linkpath: fields.linkpath, size: fields.size, mtime: fields.mtime }).encode();
  return Buffer.concat([pax, block]);
}

/** A pax extended header whose `path` record holds exact bytes (node-tar's Pax takes only strings). */
function rawPathPax(rawPath: Buffer, fields: HeaderFields): Buffer {
  const records: Buffer[] = [paxRecord('path', rawPath)];
  if (fields.linkpath !== undefined) records.push(paxRecord('linkpath', Buffer.from(fields.linkpath)));
  const body = Buffer.concat(records);
  const padded = Buffer.alloc(Math.ceil(body.length / BLOCK) * BLOCK);
  body.copy(padded);
  const header = Buffer.alloc(BLOCK);
  // The same header node-tar gives its own pax entries: a PaxHeader/ name, the size of the records.
  new Header({ path: `PaxHeader/${fields.path.replace(/[^\x20-\x7e]/g, '_').slice(-80)}`, mode: 0o644, size: body.length, mtime: fields.mtime, type: 'ExtendedHeader' }).encode(header);
  return Buffer.concat([header, padded]);
}

/** "<length> <key>=<value>\n", the length counting itself. */
function paxRecord(key: string, value: Buffer): Buffer {
  const rest = Buffer.byteLength(` ${key}=\n`) + value.length;
  let length = rest + String(rest).length;
  if (String(length).length !== String(rest).length) length = rest + String(length).length;
  return Buffer.concat([Buffer.from(`${length} ${key}=`), value, Buffer.from('\n')]);
}
