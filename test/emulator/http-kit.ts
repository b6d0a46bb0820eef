import type { IncomingMessage } from 'node:http';

export interface RouteContext {
  req: IncomingMessage;
  url: URL;
  params: Record<string, string>;
  /** Raw request body. */
  raw: Buffer;
  /** Parsed JSON body, or undefined. */
  json: unknown;
  /** Form fields of an application/x-www-form-urlencoded body. */
  form: URLSearchParams;
  /** The emulator's own base URL, e.g. https://127.0.0.1:43210 */
  base: string;
}

export interface Reply {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
  /** Send this text or buffer as-is instead of JSON. */
  raw?: string | Buffer;
  /** Write the body over time (e.g. a live log stream); the handler ends the response. */
  stream?: (res: import('node:http').ServerResponse) => void;
}

export type Handler = (context: RouteContext) => Reply | Promise<Reply>;

export interface Route {
  /** Stable id used by fault injection and the request log, e.g. "jobs.get". */
  id: string;
  method: string;
  /** Matched against the path (not the query); named groups become params. */
  path: RegExp;
  /** 'arm' requires a valid emulator-issued bearer token; 'none' is open. */
  auth: 'arm' | 'none' | 'custom';
  handler: Handler;
}

export function json(status: number, body: unknown, headers: Record<string, string> = {}): Reply {
  return { status, body, headers };
}

/** An Azure-style error body. */
export function azureError(status: number, code: string, message: string, headers: Record<string, string> = {}): Reply {
  return { status, body: { error: { code, message } }, headers };
}

/** Case-insensitive parameter names, as ARM treats resource names. */
export const SEGMENT = '[^/]+';
