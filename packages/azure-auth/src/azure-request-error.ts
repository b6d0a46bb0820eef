import { describeRequestIds, type RequestIds } from './request-ids.js';

/** An Azure REST error, with the service's own code and message and the IDs support traces it by. */
export class AzureRequestError extends Error {
  constructor(
    readonly status: number,
    readonly code: string | undefined,
    readonly serviceMessage: string | undefined,
    readonly what: string,
    readonly requestIds: RequestIds = {},
  ) {
    super(`${what} failed: HTTP ${status}${code ? ` ${code}` : ''}${serviceMessage ? `: ${serviceMessage}` : ''}${describeRequestIds(requestIds)}`);
    this.name = 'AzureRequestError';
  }
}

/** Reads `{"error": {"code", "message"}}` (ARM, Log Analytics) from a response body, if present. */
export function errorDetails(body: unknown): { code?: string; message?: string } {
  if (body && typeof body === 'object' && 'error' in body) {
    const error = (body as { error: unknown }).error;
    if (error && typeof error === 'object') {
      const { code, message } = error as { code?: unknown; message?: unknown };
      return { code: typeof code === 'string' ? code : undefined, message: typeof message === 'string' ? message : undefined };
    }
    if (typeof error === 'string') return { code: error };
  }
  return {};
}
