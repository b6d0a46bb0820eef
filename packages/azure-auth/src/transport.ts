import type * as Http from 'node:http';
import type * as Https from 'node:https';
import { createRequire } from 'node:module';
import type { Readable } from 'node:stream';
import { proxyDispatcher, proxyFor, loadUndici } from './proxy.js';

// Loaded with require, not `import`: an ES import of node:http builds a facade over all its exports,
// which evaluates the lazy getters that load Node's fetch stack (~15 ms at every start).
const load = createRequire(import.meta.url);
const https = load('node:https') as typeof Https;
let http: typeof Http | undefined;

/** Response headers, read case-insensitively like fetch's Headers. */
export interface ResponseHeaders {
  get(name: string): string | null;
}

export interface HttpRequest {
  url: URL;
  method: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  signal?: AbortSignal;
  /** Limit for the whole exchange, ms. */
  timeoutMs: number;
}

export interface HttpResponse {
  status: number;
  headers: ResponseHeaders;
  /** The body as received (UTF-8 bytes), outside the JavaScript heap. */
  bytes: Buffer;
  /** The body as text, decoded from `bytes` when first read. */
  readonly body: string;
}

/** A failed exchange: no answer (connection lost, refused, timed out). `code` is Node's, e.g. ECONNRESET. */
export class TransportError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'TransportError';
  }
}

const httpsAgent = new https.Agent({ keepAlive: true });
let httpAgent: Http.Agent | undefined;

/**
 * One HTTP exchange over node:https with a keep-alive connection pool. Node's fetch would do, but
 * it loads its HTTP stack on first use, which costs more than an action's whole start budget.
 */
export function sendRequest(request: HttpRequest): Promise<HttpResponse> {
  const proxy = proxyFor(request.url);
  if (proxy) return sendThroughProxy(request, proxy);
  return new Promise((resolve, reject) => {
    if (request.signal?.aborted) return reject(request.signal.reason);
    const protocol = request.url.protocol as 'https:' | 'http:';
    let module: typeof Https | typeof Http = https;
    let agent: Http.Agent = httpsAgent;
    if (protocol === 'http:') {
      http ??= load('node:http') as typeof Http;
      httpAgent ??= new http.Agent({ keepAlive: true });
      module = http;
      agent = httpAgent;
    }
    const headers: Record<string, string> = { ...request.headers };
    if (request.body !== undefined) headers['content-length'] = String(Buffer.byteLength(request.body));
    let settled = false;
    const finish = (error: Error | undefined, response?: HttpResponse) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      request.signal?.removeEventListener('abort', onAbort);
      if (error) reject(error);
      else resolve(response!);
    };
    const req = module.request(request.url, { method: request.method, headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', (error: NodeJS.ErrnoException) => finish(new TransportError(error.code ?? 'ERESPONSE', error.message)));
      res.on('end', () => {
        const raw = res.headers;
        const bytes = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
        chunks.length = 0;
        let text: string | undefined;
        finish(undefined, {
          status: res.statusCode ?? 0,
          headers: {
            get: (name) => {
              const value = raw[name.toLowerCase()];
              return value === undefined ? null : Array.isArray(value) ? value.join(', ') : value;
            },
          },
          bytes,
          get body() {
            return (text ??= bytes.toString('utf8'));
          },
        });
      });
    });
    const onAbort = () => {
      req.destroy();
      finish(request.signal!.reason instanceof Error ? request.signal!.reason : new Error(String(request.signal!.reason)));
    };
    const timer = setTimeout(() => {
      req.destroy();
      finish(new TransportError('ETIMEDOUT', `no answer within ${Math.round(request.timeoutMs / 1000)} s`));
    }, request.timeoutMs);
    request.signal?.addEventListener('abort', onAbort, { once: true });
    req.on('error', (error: NodeJS.ErrnoException) => finish(new TransportError(error.code ?? 'ECONNECTION', error.message)));
    req.end(request.body);
  });
}

function headerReader(raw: Record<string, string | string[] | undefined>): ResponseHeaders {
  return {
    get: (name) => {
      const value = raw[name.toLowerCase()];
      return value === undefined ? null : Array.isArray(value) ? value.join(', ') : value;
    },
  };
}

/** Node's error code of an undici failure (its own, or the socket's underneath). */
function failureCode(error: unknown): string {
  const failure = error as { code?: unknown; cause?: { code?: unknown } } | undefined;
  const code = failure?.cause?.code ?? failure?.code;
  return typeof code === 'string' ? code : 'ECONNECTION';
}

/** Aborts on the caller's signal or after timeoutMs, whichever comes first. */
function exchangeSignal(request: { signal?: AbortSignal; timeoutMs: number }): { signal: AbortSignal; timedOut: () => boolean } {
  const timeout = AbortSignal.timeout(request.timeoutMs);
  return { signal: request.signal ? AbortSignal.any([request.signal, timeout]) : timeout, timedOut: () => timeout.aborted };
}

/** One exchange through an HTTP(S) proxy (CONNECT tunnel), with the same answer and errors as sendRequest. */
async function sendThroughProxy(request: HttpRequest, proxy: URL): Promise<HttpResponse> {
  request.signal?.throwIfAborted();
  const [{ request: undiciRequest }, dispatcher] = await Promise.all([loadUndici(), proxyDispatcher(proxy)]);
  const { signal, timedOut } = exchangeSignal(request);
  const headers: Record<string, string> = { ...request.headers };
  if (request.body !== undefined) headers['content-length'] = String(Buffer.byteLength(request.body));
  try {
    const response = await undiciRequest(request.url, { method: request.method as 'GET', headers, body: request.body, dispatcher, signal });
    const bytes = Buffer.from(await response.body.arrayBuffer());
    let text: string | undefined;
    return {
      status: response.statusCode,
      headers: headerReader(response.headers),
      bytes,
      get body() {
        return (text ??= bytes.toString('utf8'));
      },
    };
  } catch (error) {
    if (request.signal?.aborted) throw request.signal.reason;
    if (timedOut()) throw new TransportError('ETIMEDOUT', `no answer within ${Math.round(request.timeoutMs / 1000)} s`);
    throw new TransportError(failureCode(error), `${(error as Error)?.message ?? String(error)} (through proxy ${proxy.host})`);
  }
}

export interface StreamRequest {
  url: URL;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

export interface StreamResponse {
  status: number;
  headers: ResponseHeaders;
  /** The body as it arrives. */
  body: Readable;
  /** After the body's 'end': whether the whole answer arrived (not cut off by a lost connection). */
  complete(): boolean;
}

/**
 * A GET whose answer is read as it arrives (a live log stream), through the proxy when one applies.
 * Rejects when no answer arrives; the body stream ends or fails with the connection.
 */
export async function openStream(request: StreamRequest): Promise<StreamResponse> {
  request.signal?.throwIfAborted();
  const proxy = proxyFor(request.url);
  if (proxy) {
    const [{ request: undiciRequest }, dispatcher] = await Promise.all([loadUndici(), proxyDispatcher(proxy)]);
    const response = await undiciRequest(request.url, { method: 'GET', headers: request.headers, dispatcher, signal: request.signal, bodyTimeout: 0 });
    // undici fails the body (never ends it) when the connection is lost before the answer's end.
    return { status: response.statusCode, headers: headerReader(response.headers), body: response.body, complete: () => true };
  }
  return new Promise((resolve, reject) => {
    const req = https.request(request.url, { method: 'GET', headers: request.headers, agent: httpsAgent }, (res) => {
      resolve({ status: res.statusCode ?? 0, headers: headerReader(res.headers), body: res, complete: () => res.complete });
    });
    const onAbort = () => req.destroy(request.signal!.reason instanceof Error ? request.signal!.reason : new Error(String(request.signal!.reason)));
    request.signal?.addEventListener('abort', onAbort, { once: true });
    req.on('error', (error: NodeJS.ErrnoException) => reject(new TransportError(error.code ?? 'ECONNECTION', error.message)));
    req.on('close', () => request.signal?.removeEventListener('abort', onAbort));
    req.end();
  });
}
