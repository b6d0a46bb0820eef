import type { Readable } from 'node:stream';
import { blobRequest } from './blob-http.js';

export interface UploadOptions {
  /** Bytes per block (Put Block); the archive is sent in one Put Blob when it fits in one block. */
  blockSize?: number;
  /** Blocks in flight at once. */
  concurrency?: number;
  signal?: AbortSignal;
}

export interface UploadResult {
  bytes: number;
  blocks: number;
}

export const DEFAULT_BLOCK_SIZE = 4 * 1024 * 1024;

function withQuery(url: URL, params: Record<string, string>): URL {
  const copy = new URL(url.href);
  for (const [name, value] of Object.entries(params)) copy.searchParams.set(name, value);
  return copy;
}

function blockId(index: number): string {
  return Buffer.from(`block-${String(index).padStart(8, '0')}`).toString('base64');
}

/**
 * Streams `source` to a block blob through a SAS URL: Put Block for each `blockSize` piece with at
 * most `concurrency` in flight (so memory stays at blockSize × concurrency), then Put Block List.
 * A source that fits in one block is sent with one Put Blob.
 */
export async function uploadBlockBlob(sasUrl: string, source: Readable, options: UploadOptions = {}): Promise<UploadResult> {
  const url = new URL(sasUrl);
  const blockSize = options.blockSize ?? DEFAULT_BLOCK_SIZE;
  const concurrency = options.concurrency ?? 4;
  const signal = options.signal;
  const ids: string[] = [];
  const inFlight = new Set<Promise<void>>();
  let failed: unknown;
  let bytes = 0;
  let pending: Buffer[] = [];
  let pendingBytes = 0;

  const putBlock = (data: Buffer) => {
    const index = ids.length;
    const id = blockId(index);
    ids.push(id);
    const task = blobRequest({
      url: withQuery(url, { comp: 'block', blockid: id }),
      method: 'PUT',
      headers: { 'content-type': 'application/octet-stream' },
      body: data,
      what: `Uploading block ${index + 1} of the build context`,
      signal,
    }).then(
      () => undefined,
      (error: unknown) => {
        failed ??= error;
      },
    );
    const tracked = task.finally(() => inFlight.delete(tracked));
    inFlight.add(tracked);
  };

  const takeBlock = (): Buffer => {
    const all = pending.length === 1 ? pending[0]! : Buffer.concat(pending);
    const block = all.subarray(0, blockSize);
    const rest = all.subarray(blockSize);
    pending = rest.length ? [rest] : [];
    pendingBytes = rest.length;
    return block;
  };

  for await (const chunk of source) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array);
    bytes += buffer.length;
    pending.push(buffer);
    pendingBytes += buffer.length;
    while (pendingBytes >= blockSize && (ids.length > 0 || pendingBytes > blockSize)) {
      // Wait for a free slot before reading further: back-pressure on the packer.
      while (inFlight.size >= concurrency) await Promise.race(inFlight);
      if (failed) throw failed;
      putBlock(takeBlock());
    }
    if (failed) throw failed;
  }

  if (ids.length === 0) {
    // Everything fits in one request.
    await blobRequest({
      url,
      method: 'PUT',
      headers: { 'x-ms-blob-type': 'BlockBlob', 'content-type': 'application/octet-stream', 'x-ms-blob-content-type': 'application/gzip' },
      body: pending.length === 1 ? pending[0]! : Buffer.concat(pending),
      what: 'Uploading the build context',
      signal,
    });
    return { bytes, blocks: 1 };
  }
  if (pendingBytes > 0) putBlock(takeBlock());
  await Promise.all(inFlight);
  if (failed) throw failed;
  const list = `<?xml version="1.0" encoding="utf-8"?><BlockList>${ids.map((id) => `<Latest>${id}</Latest>`).join('')}</BlockList>`;
  await blobRequest({
    url: withQuery(url, { comp: 'blocklist' }),
    method: 'PUT',
    headers: { 'content-type': 'application/xml', 'x-ms-blob-content-type': 'application/gzip' },
    body: Buffer.from(list, 'utf8'),
    what: 'Committing the uploaded build context',
    signal,
  });
  return { bytes, blocks: ids.length };
}
