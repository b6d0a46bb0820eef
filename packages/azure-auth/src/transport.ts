import type * as Http from 'node:http';
import type * as Https from 'node:https';
import { createRequire } from 'node:module';

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
