import http from 'node:http';
import https from 'node:https';
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
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

const agents = { 'https:': new https.Agent({ keepAlive: true }), 'http:': new http.Agent({ keepAlive: true }) };
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

function exchange(request: BlobRequest): Promise<BlobResponse> {
  return new Promise((resolve, reject) => {
    const protocol = request.url.protocol as 'https:' | 'http:';
    const module = protocol === 'http:' ? http : https;
    const headers: Record<string, string> = { 'x-ms-version': STORAGE_API_VERSION, ...request.headers };
    if (request.body) headers['content-length'] = String(request.body.length);
    else if (request.method === 'PUT') headers['content-length'] = '0';
    let settled = false;
    const finish = (error: Error | undefined, response?: BlobResponse) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      request.signal?.removeEventListener('abort', onAbort);
      if (error) reject(error);
      else resolve(response!);
    };
    const req = module.request(request.url, { method: request.method, headers, agent: agents[protocol] }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', (error) => finish(error));
      res.on('end', () => finish(undefined, { status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    const onAbort = () => {
      req.destroy();
      finish(request.signal!.reason instanceof Error ? request.signal!.reason : new Error(String(request.signal!.reason)));
    };
    const timer = setTimeout(() => {
      req.destroy();
      finish(Object.assign(new Error(`no answer within ${Math.round((request.timeoutMs ?? 120_000) / 1000)} s`), { code: 'ETIMEDOUT' }));
    }, request.timeoutMs ?? 120_000);
    if (request.signal?.aborted) return onAbort();
    request.signal?.addEventListener('abort', onAbort, { once: true });
    req.on('error', (error) => finish(error));
    req.end(request.body);
  });
}

function storageErrorCode(response: BlobResponse): string {
  const header = response.headers['x-ms-error-code'];
  if (typeof header === 'string') return header;
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
        throw new BlobRequestError(response.status, `${request.what} failed: HTTP ${response.status} ${storageErrorCode(response)} (${redactUrl(request.url.href)})`);
      }
      return response;
    }
    const retryAfter = response ? parseRetryAfter(String(response.headers['retry-after'] ?? '') || null, Date.now()) : undefined;
    const delay = retryAfter !== undefined ? Math.min(retryAfter, 60_000) : backoffDelay(attempt, { initialMs: 500, maxMs: 15_000 });
    const reason = response ? `HTTP ${response.status}` : ((failure as NodeJS.ErrnoException)?.code ?? (failure as Error)?.message);
    core.info(`${request.what}: ${reason}; retrying in ${(delay / 1000).toFixed(1)} s (attempt ${attempt + 2} of ${MAX_RETRIES + 1}).`);
    await systemClock.sleep(delay, request.signal);
  }
}
