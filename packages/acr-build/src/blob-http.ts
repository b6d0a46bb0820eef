import { describeRequestIds, requestIdsOf, sendRequest, type ResponseHeaders } from '@te-actions/azure-auth';
import { backoffDelay, parseRetryAfter, systemClock } from '@te-actions/poll';
import { redactUrl } from '@te-actions/action-kit';
import * as core from '@actions/core';

/** Storage REST version sent with SAS requests. */
export const STORAGE_API_VERSION = '2021-08-06';

export interface BlobRequest {
  /** A SAS URL (never logged: only its redacted form appears in messages). */
  url: URL;
  method: 'GET' | 'HEAD' | 'PUT';
  headers?: Record<string, string>;
  body?: Buffer;
  /** What the request does, for messages. */
  what: string;
  signal?: AbortSignal;
  timeoutMs?: number;
  /** Statuses returned instead of thrown. */
  allow?: number[];
}

export interface BlobResponse {
  status: number;
  headers: ResponseHeaders;
  body: Buffer;
}

const RETRIABLE = new Set([408, 429, 500, 502, 503, 504]);
const MAX_RETRIES = 6;

export class BlobRequestError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'BlobRequestError';
  }
}

/** One exchange through the shared keep-alive transport, with the Storage headers a SAS request needs. */
async function exchange(request: BlobRequest): Promise<BlobResponse> {
  const headers: Record<string, string> = { 'x-ms-version': STORAGE_API_VERSION, ...request.headers };
  if (!request.body && request.method === 'PUT') headers['content-length'] = '0';
  const response = await sendRequest({ url: request.url, method: request.method, headers, body: request.body, signal: request.signal, timeoutMs: request.timeoutMs ?? 120_000 });
  return { status: response.status, headers: response.headers, body: response.bytes };
}

function storageErrorCode(response: BlobResponse): string {
  const header = response.headers.get('x-ms-error-code');
  if (header) return header;
  return /<Code>([^<]+)<\/Code>/.exec(response.body.toString('utf8'))?.[1] ?? `HTTP ${response.status}`;
}

/**
 * One request to a blob through its SAS URL, retried on 408/429/5xx (Retry-After honoured) and on
 * lost connections; every request here is idempotent (Put Block, Put Block List, ranged reads).
 */
export async function blobRequest(request: BlobRequest): Promise<BlobResponse> {
  for (let attempt = 0; ; attempt++) {
    request.signal?.throwIfAborted();
    let response: BlobResponse | undefined;
    let failure: unknown;
    try {
      response = await exchange(request);
    } catch (error) {
      if (request.signal?.aborted) throw request.signal.reason;
      failure = error;
    }
    const retriable = response ? RETRIABLE.has(response.status) : true;
    if (!retriable || attempt >= MAX_RETRIES) {
      if (!response) throw new Error(`${request.what} failed: ${(failure as Error)?.message ?? String(failure)} (${redactUrl(request.url.href)})`);
      if (response.status >= 300 && !request.allow?.includes(response.status)) {
        throw new BlobRequestError(response.status, `${request.what} failed: HTTP ${response.status} ${storageErrorCode(response)}${describeRequestIds(requestIdsOf(response.headers))} (${redactUrl(request.url.href)})`);
      }
      return response;
    }
    const retryAfter = response ? parseRetryAfter(response.headers.get('retry-after'), Date.now()) : undefined;
    const delay = retryAfter !== undefined ? Math.min(retryAfter, 60_000) : backoffDelay(attempt, { initialMs: 500, maxMs: 15_000 });
    const reason = response ? `HTTP ${response.status}` : ((failure as NodeJS.ErrnoException)?.code ?? (failure as Error)?.message);
    const ids = response ? describeRequestIds(requestIdsOf(response.headers)) : '';
    core.info(`${request.what}: ${reason}; retrying in ${(delay / 1000).toFixed(1)} s (attempt ${attempt + 2} of ${MAX_RETRIES + 1}).${ids}`);
    await systemClock.sleep(delay, request.signal);
  }
}
