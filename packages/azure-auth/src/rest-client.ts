import * as core from '@actions/core';
import type { AccessToken, TokenCredential } from '@azure/core-auth';
import { backoffDelay, parseRetryAfter, systemClock, type Clock } from '@te-actions/poll';
import { AzureRequestError, errorDetails } from './azure-request-error.js';
import { describeRequestIds, requestIdsOf } from './request-ids.js';
import { sendRequest, type HttpResponse, type ResponseHeaders } from './transport.js';

export interface RetryPolicy {
  /** Retries after the first attempt. */
  maxRetries: number;
  initialDelayMs: number;
  maxDelayMs: number;
  /** Longest Retry-After honoured; longer ones are capped to this. */
  maxRetryAfterMs: number;
  /** Time limit for one attempt. */
  attemptTimeoutMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxRetries: 6,
  initialDelayMs: 1000,
  maxDelayMs: 30_000,
  maxRetryAfterMs: 120_000,
  attemptTimeoutMs: 60_000,
};

export interface RestClientOptions {
  baseUrl: string;
  credential: TokenCredential;
  scope: string;
  signal?: AbortSignal;
  retry?: Partial<RetryPolicy>;
  clock?: Clock;
  /** Absolute time (ms) after which no new attempt starts. */
  deadline?: number;
  userAgent?: string;
}

export interface RestRequest {
  method: 'GET' | 'PUT' | 'PATCH' | 'POST' | 'DELETE';
  /** A path below baseUrl (built with resourcePath) or an absolute URL on the same origin. */
  path: string;
  query?: Record<string, string | undefined>;
  body?: unknown;
  /** What the request does, for error messages, e.g. "Reading job migrate". */
  what: string;
  /**
   * Whether repeating the request is harmless. Non-idempotent requests (starting a job) are retried
   * only on answers that say the request was not processed (429, 503), never after a lost connection.
   */
  idempotent?: boolean;
  /** Statuses returned to the caller instead of thrown (e.g. 404 when absence is an answer). */
  allow?: number[];
  headers?: Record<string, string>;
  /**
   * 'bytes': a successful (2xx) answer's body is returned as its raw UTF-8 Buffer, not parsed, so a
   * large answer can be read piece by piece instead of as one big string and one big object.
   * Other answers are parsed as usual. Default 'json'.
   */
  responseType?: 'json' | 'bytes';
}

export interface RestResponse<T = unknown> {
  status: number;
  headers: ResponseHeaders;
  body: T;
  url: string;
}

const RETRIABLE_STATUS = new Set([408, 429, 500, 502, 503, 504]);
const UNPROCESSED_STATUS = new Set([429, 503]);
const TOKEN_REFRESH_MARGIN_MS = 2 * 60_000;

/**
 * The one HTTP pipeline for Azure REST calls: bearer token, retries on 429/5xx with Retry-After
 * honoured, capped backoff with jitter, a per-attempt timeout, a deadline and the step's AbortSignal.
 */
export class RestClient {
  readonly baseUrl: string;
  private readonly origin: string;
  private readonly retry: RetryPolicy;
  private readonly clock: Clock;
  private token: AccessToken | undefined;
  /** How many HTTP attempts this client has made (benchmarks read it). */
  requestCount = 0;

  constructor(private readonly options: RestClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.origin = new URL(this.baseUrl).origin;
    this.retry = { ...DEFAULT_RETRY_POLICY, ...options.retry };
    this.clock = options.clock ?? systemClock;
  }

  get signal(): AbortSignal | undefined {
    return this.options.signal;
  }

  /** Resolves a path or a same-origin absolute URL; a URL on another host never gets our token. */
  resolve(path: string, query?: Record<string, string | undefined>): URL {
    const url = /^https?:\/\//i.test(path) ? new URL(path) : new URL(this.baseUrl + path);
    if (url.origin !== this.origin) throw new Error(`Refusing to send credentials to ${url.origin}: only ${this.origin} is trusted.`);
    for (const [name, value] of Object.entries(query ?? {})) if (value !== undefined) url.searchParams.set(name, value);
    return url;
  }

  private async bearer(forceRefresh: boolean): Promise<string> {
    const now = this.clock.now();
    if (forceRefresh || !this.token || this.token.expiresOnTimestamp - TOKEN_REFRESH_MARGIN_MS <= now || (this.token.refreshAfterTimestamp ?? Infinity) <= now) {
      const token = await this.options.credential.getToken(this.options.scope, { abortSignal: this.options.signal });
      if (!token) throw new Error(`No access token was issued for ${this.options.scope}.`);
      core.setSecret(token.token);
      this.token = token;
    }
    return this.token.token;
  }

  async request<T = unknown>(request: RestRequest): Promise<RestResponse<T>> {
    const url = this.resolve(request.path, request.query);
    const idempotent = request.idempotent ?? request.method !== 'POST';
    let refreshedAfter401 = false;
    for (let attempt = 0; ; attempt++) {
      this.options.signal?.throwIfAborted();
      let response: HttpResponse | undefined;
      let failure: unknown;
      try {
        const token = await this.bearer(false);
        response = await this.send(url, request, token);
      } catch (error) {
        if (this.options.signal?.aborted) throw this.options.signal.reason;
        failure = error;
      }
      if (response?.status === 401 && !refreshedAfter401) {
        // An access token can expire between our check and the server's: refresh once.
        refreshedAfter401 = true;
        this.token = undefined;
        attempt--;
        continue;
      }
      const canRetry = response
        ? idempotent
          ? RETRIABLE_STATUS.has(response.status)
          : UNPROCESSED_STATUS.has(response.status)
        : (idempotent || isSignInFailure(failure)) && isTransient(failure);
      if (!canRetry || attempt >= this.retry.maxRetries) {
        if (!response) throw wrapFailure(request.what, failure);
        return this.finish<T>(response, request);
      }
      const retryAfter = response ? retryAfterMs(response.headers, this.clock.now()) : undefined;
      const delay = retryAfter !== undefined ? Math.min(retryAfter, this.retry.maxRetryAfterMs) : backoffDelay(attempt, { initialMs: this.retry.initialDelayMs, maxMs: this.retry.maxDelayMs });
      if (this.options.deadline !== undefined && this.clock.now() + delay > this.options.deadline) {
        if (!response) throw wrapFailure(request.what, failure);
        return this.finish<T>(response, request);
      }
      const reason = response ? `HTTP ${response.status}` : describeFailure(failure);
      const ids = response ? describeRequestIds(requestIdsOf(response.headers, parseQuietly(response.body))) : '';
      core.info(`${request.what}: ${reason}; retrying in ${(delay / 1000).toFixed(1)} s (attempt ${attempt + 2} of ${this.retry.maxRetries + 1}).${ids}`);
      await this.clock.sleep(delay, this.options.signal);
    }
  }

  private async send(url: URL, request: RestRequest, token: string): Promise<HttpResponse> {
    this.requestCount++;
    const headers: Record<string, string> = {
      authorization: `Bearer ${token}`,
      accept: 'application/json',
      'user-agent': this.options.userAgent ?? 'te-actions',
      ...request.headers,
    };
    let body: string | undefined;
    if (request.body !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(request.body);
    }
    return sendRequest({ url, method: request.method, headers, body, signal: this.options.signal, timeoutMs: this.retry.attemptTimeoutMs });
  }

  private async finish<T>(response: HttpResponse, request: RestRequest): Promise<RestResponse<T>> {
    if (request.responseType === 'bytes' && response.status >= 200 && response.status < 300) {
      return { status: response.status, headers: response.headers, body: response.bytes as T, url: request.path };
    }
    const text = response.body;
    let body: unknown = undefined;
    if (text) {
      try {
        body = JSON.parse(text);
      } catch {
        body = text;
      }
    }
    if (response.status >= 400 && !request.allow?.includes(response.status)) {
      const details = errorDetails(body);
      throw new AzureRequestError(response.status, details.code, details.message ?? (typeof body === 'string' ? body.slice(0, 300) : undefined), request.what, requestIdsOf(response.headers, body));
    }
    return { status: response.status, headers: response.headers, body: body as T, url: request.path };
  }
}

/** A small error body read for its IDs; anything that is not JSON has none. */
function parseQuietly(text: string): unknown {
  if (!text || text.length > 64 * 1024) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function retryAfterMs(headers: ResponseHeaders, now: number): number | undefined {
  const ms = headers.get('retry-after-ms') ?? headers.get('x-ms-retry-after-ms');
  if (ms && /^\d+$/.test(ms)) return Number(ms);
  return parseRetryAfter(headers.get('retry-after'), now);
}

interface ErrorLike {
  name?: string;
  message?: string;
  code?: string;
  cause?: { code?: string; message?: string };
}

/** Errors may come from another realm (fetch's TypeError), so they are read by shape, not instanceof. */
function asErrorLike(error: unknown): ErrorLike | undefined {
  return error && typeof error === 'object' ? (error as ErrorLike) : undefined;
}

function isTransient(failure: unknown): boolean {
  const error = asErrorLike(failure);
  if (!error) return false;
  if (error.name === 'TimeoutError') return true;
  if (error.name === 'TransportError') return true;
  if (error.name === 'SignInError') return (error as { transient?: boolean }).transient === true;
  const code = error.cause?.code ?? error.code;
  return error.name === 'TypeError' || ['ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'EPIPE', 'UND_ERR_SOCKET', 'EAI_AGAIN'].includes(code ?? '');
}

/** A sign-in failure happens before the request is sent, so even a POST may be retried. */
function isSignInFailure(failure: unknown): boolean {
  return asErrorLike(failure)?.name === 'SignInError';
}

function describeFailure(failure: unknown): string {
  const error = asErrorLike(failure);
  if (!error) return String(failure);
  if (error.name === 'TimeoutError') return 'no answer in time';
  if (error.name === 'TransportError') return `${error.code}: ${error.message}`;
  return error.cause?.code ?? error.cause?.message ?? error.message ?? String(failure);
}

function wrapFailure(what: string, error: unknown): Error {
  if (error instanceof AzureRequestError) return error;
  const message = asErrorLike(error)?.message ?? '';
  if (isSignInFailure(error) || /credential|AADSTS/i.test(message)) {
    return new Error(`${what} failed: could not sign in to Azure: ${message.split('\n')[0]}`);
  }
  return new Error(`${what} failed: ${describeFailure(error)}`);
}
