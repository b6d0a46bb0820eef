import { availableParallelism } from 'node:os';
import { Readable } from 'node:stream';
import { constants, crc32, deflateRaw } from 'node:zlib';

/** Input compressed per task. Each task is primed with the 32 KiB before it, so splitting costs a few bytes per block. */
const BLOCK = 1024 * 1024;
const WINDOW = 32 * 1024;

/** Where the bytes to compress come from: `fill` writes into the buffer it is given and returns how many, all of it unless the input ends. */
export interface FillSource {
  fill(buffer: Buffer): number;
  /** Called when the stream is destroyed before the source ended. */
  close?(): void;
}

export interface ParallelGzipOptions {
  /** zlib level 1-9. */
  level: number;
  /**
   * Blocks compressed at once on the libuv thread pool. Default: one more than the available cores
   * (at most 4, the pool's default size), so a block is always queued while the main thread reads
   * the next one and no core waits for it.
   */
  threads?: number;
}

interface Task {
  input: Buffer;
  output?: Buffer[];
  error?: Error;
}

/**
 * Gzip on several cores that still produces one ordinary gzip member, as pigz does: the input is
 * pulled from `source` in 1 MiB blocks, each deflated on its own, in one pass, on the libuv thread
 * pool with the previous 32 KiB as its dictionary and ended with a sync flush, so the raw deflate outputs join into
 * one deflate stream; the CRC-32 and length trailer cover the whole input. Any gzip reader (gzip,
 * tar -xz, Node's zlib) reads it, and the output depends only on the input, never on timing. Input
 * buffers are recycled, so memory stays at a few blocks; input is pulled only while the consumer
 * keeps up.
 */
export function createParallelGzip(source: FillSource, options: ParallelGzipOptions): Readable {
  return new ParallelGzip(source, options.level, Math.max(1, options.threads ?? Math.min(4, availableParallelism() + 1)));
}

class ParallelGzip extends Readable {
  readonly #source: FillSource;
  readonly #level: number;
  readonly #threads: number;
  readonly #tasks: Task[] = [];
  readonly #free: Buffer[] = [];
  readonly #dictionary = Buffer.alloc(WINDOW);
  #primed = false;
  #sourceEnded = false;
  #crc = 0;
  #total = 0;
  #started = false;
  #finished = false;

  constructor(source: FillSource, level: number, threads: number) {
    super({ highWaterMark: 256 * 1024 });
    this.#source = source;
    this.#level = level;
    this.#threads = threads;
  }

  override _read(): void {
    this.#pump();
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    if (!this.#sourceEnded) this.#source.close?.();
    this.#sourceEnded = true;
    callback(error);
  }

  #pump(): void {
    if (this.destroyed || this.#finished) return;
    try {
      while (this.#tasks.length > 0 && (this.#tasks[0]!.output || this.#tasks[0]!.error)) {
        const task = this.#tasks.shift()!;
        if (task.error) throw task.error;
        if (!this.#started) this.push(GZIP_HEADER);
        this.#started = true;
        for (const chunk of task.output!) this.push(chunk);
        this.#free.push(task.input);
      }
      if (this.#sourceEnded && this.#tasks.length === 0) {
        const trailer = Buffer.alloc(8);
        trailer.writeUInt32LE(this.#crc >>> 0, 0);
        trailer.writeUInt32LE(this.#total % 2 ** 32, 4);
        this.#finished = true;
        this.push(trailer);
        this.push(null);
        return;
      }
      // Keep at least one block in flight until the source ends, even over the high-water mark: the
      // stream may be waiting for a push from this side (a read in progress), and only a finishing
      // block pushes.
      while (!this.#sourceEnded && this.#tasks.length < this.#threads && (this.#tasks.length === 0 || this.readableLength < this.readableHighWaterMark)) this.#startBlock();
    } catch (error) {
      this.destroy(error as Error);
    }
  }

  #startBlock(): void {
    const buffer = this.#free.pop() ?? Buffer.allocUnsafe(BLOCK);
    const filled = this.#source.fill(buffer);
    const last = filled < buffer.length;
    if (last) this.#sourceEnded = true;
    const input = buffer.subarray(0, filled);
    this.#crc = crc32(input, this.#crc);
    this.#total += filled;
    const task: Task = { input: buffer };
    this.#tasks.push(task);
    // One thread-pool task per block: the output buffer holds a whole block's deflate output (at
    // most a little more than its input), so the block is compressed in one pass without returning
    // to the main thread between output chunks. The result is copied out at its real size so the
    // large buffer is not kept alive by slices waiting in the stream.
    deflateRaw(
      input,
      {
        level: this.#level,
        // The dictionary is copied when the compressor is created, so the buffer can be refilled right after.
        dictionary: this.#primed ? this.#dictionary : undefined,
        finishFlush: last ? constants.Z_FINISH : constants.Z_SYNC_FLUSH,
        chunkSize: BLOCK + 64 * 1024,
      },
      (error, result) => {
        if (error) task.error = error;
        else task.output = [Buffer.from(result)];
        this.#pump();
      },
    );
    // Every block but the last is whole, so its tail is a full window.
    if (!last) {
      input.copy(this.#dictionary, 0, filled - WINDOW);
      this.#primed = true;
    }
  }
}

/** A gzip member header: deflate, no flags, no mtime (deterministic), no extra flags, OS unknown. */
const GZIP_HEADER = Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0, 0, 0, 0, 0x00, 0xff]);
