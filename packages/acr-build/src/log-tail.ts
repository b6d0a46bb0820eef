import { blobRequest } from './blob-http.js';

export interface LogRead {
  /** New bytes since the last read (possibly empty). */
  bytes: Buffer;
  /** The blob's metadata says the log is complete, and every byte has now been read. */
  complete: boolean;
}

/**
 * Reads a run's append-blob log through its SAS URL with ranged GETs, each byte once: first the
 * blob's properties (length and metadata Complete, as `az acr build` checks), then only the range
 * not read yet. A log blob that does not exist yet reads as empty.
 */
export class LogTail {
  private readonly url: URL;
  private readonly signal: AbortSignal | undefined;
  offset = 0;

  constructor(sasUrl: string, signal?: AbortSignal) {
    this.url = new URL(sasUrl);
    this.signal = signal;
  }

  async read(): Promise<LogRead> {
    const head = await blobRequest({ url: this.url, method: 'HEAD', what: 'Reading the build log properties', signal: this.signal, allow: [404] });
    if (head.status === 404) return { bytes: Buffer.alloc(0), complete: false };
    const length = Number(head.headers.get('content-length') ?? 0);
    const complete = (head.headers.get('x-ms-meta-complete') ?? '').toLowerCase() === 'true';
    if (length <= this.offset) return { bytes: Buffer.alloc(0), complete };
    const range = `bytes=${this.offset}-${length - 1}`;
    const response = await blobRequest({ url: this.url, method: 'GET', headers: { 'x-ms-range': range }, what: 'Reading the build log', signal: this.signal });
    // A 200 (whole blob) instead of 206 means the range was ignored: skip what was read already.
    const bytes = response.status === 206 ? response.body : response.body.subarray(this.offset);
    this.offset += bytes.length;
    return { bytes, complete: complete && this.offset >= length };
  }
}
