import { blobRequest } from './blob-http.js';

export interface LogRead {
  /** New bytes since the last read (possibly empty). */
  bytes: Buffer;
  /** The blob's metadata says the log is complete, and every byte has now been read. */
  complete: boolean;
  /**
   * The run's outcome as the log blob's `Complete` metadata spells it (`successful`, `failed`,
   * `canceled`, `timedout`, `internalerror`, lower-cased), once the log is complete.
   */
  outcome?: string;
}

/**
 * Reads a run's append-blob log through its SAS URL with ranged GETs, each byte once: first the
 * blob's properties (length and metadata), then only the range not read yet. A log blob that does
 * not exist yet reads as empty.
 *
 * The log is complete once its metadata has a `Complete` key, whatever its value: ACR writes the
 * run's outcome word there, and the Azure CLI (`acr/_stream_utils.py`, `_blob_is_not_complete` and
 * `_get_run_status` in Azure/azure-cli) ends its tail on the key's presence and reads the outcome
 * from its value.
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
    // Metadata keys are case-insensitive (HTTP headers): x-ms-meta-Complete arrives as x-ms-meta-complete.
    const marker = head.headers.get('x-ms-meta-complete');
    const complete = marker !== undefined && marker !== null;
    const outcome = complete ? String(marker).trim().toLowerCase() : undefined;
    if (length <= this.offset) return { bytes: Buffer.alloc(0), complete, outcome };
    const range = `bytes=${this.offset}-${length - 1}`;
    const response = await blobRequest({ url: this.url, method: 'GET', headers: { 'x-ms-range': range }, what: 'Reading the build log', signal: this.signal });
    // A 200 (whole blob) instead of 206 means the range was ignored: skip what was read already.
    const bytes = response.status === 206 ? response.body : response.body.subarray(this.offset);
    this.offset += bytes.length;
    const done = complete && this.offset >= length;
    return { bytes, complete: done, outcome: done ? outcome : undefined };
  }
}
