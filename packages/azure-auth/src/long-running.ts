import { adaptiveSchedule, Deadline, pollUntil } from '@te-actions/poll';
import { requestIdsOf } from './request-ids.js';
import { AzureRequestError, errorDetails } from './azure-request-error.js';
import type { RestClient, RestResponse } from './rest-client.js';

export interface LongRunningOptions {
  what: string;
  /** How long to wait for the operation. */
  timeoutMs: number;
  /** Poll interval when the service gives no Retry-After. */
  pollIntervalMs?: number;
}

interface OperationStatus {
  status?: string;
  error?: { code?: string; message?: string };
}

const TERMINAL_FAILURES = new Set(['failed', 'canceled', 'cancelled']);

/**
 * Waits for an ARM long-running operation started by `initial` (DESIGN: 201/202 with
 * Azure-AsyncOperation or Location; Retry-After gives the delay). Returns the final response from
 * the Location URL when there is one, otherwise the initial response.
 */
export async function waitForLongRunning<T>(client: RestClient, initial: RestResponse<T>, options: LongRunningOptions): Promise<RestResponse<T>> {
  if (initial.status !== 201 && initial.status !== 202) return initial;
  const asyncUrl = initial.headers.get('azure-asyncoperation');
  const location = initial.headers.get('location');
  if (!asyncUrl && !location) return initial;
  const deadline = new Deadline(options.timeoutMs, options.what);
  const schedule = adaptiveSchedule(options.pollIntervalMs ?? 2000, { steadyForMs: 60_000, maxMs: 15_000 });
  let retryAfter = retryAfterOf(initial);
  const requestedDelay = () => {
    const value = retryAfter;
    retryAfter = undefined;
    return value;
  };

  if (asyncUrl) {
    await pollUntil({
      signal: client.signal,
      deadline,
      schedule,
      requestedDelay,
      check: async () => {
        const response = await client.request<OperationStatus>({ method: 'GET', path: asyncUrl, what: `${options.what} (operation status)` });
        retryAfter = retryAfterOf(response);
        const status = response.body?.status ?? '';
        if (status.toLowerCase() === 'succeeded') return true;
        if (TERMINAL_FAILURES.has(status.toLowerCase())) {
          const details = errorDetails(response.body);
          throw new AzureRequestError(200, details.code ?? status, details.message ?? `the operation ended as ${status}`, options.what, requestIdsOf(response.headers, response.body));
        }
        return undefined;
      },
    });
    if (!location) return initial;
  }

  return pollUntil({
    signal: client.signal,
    deadline,
    schedule,
    requestedDelay,
    check: async () => {
      const response = await client.request<T>({ method: 'GET', path: location!, what: `${options.what} (result)` });
      if (response.status === 202) {
        retryAfter = retryAfterOf(response);
        return undefined;
      }
      return response;
    },
  });
}

function retryAfterOf(response: RestResponse<unknown>): number | undefined {
  const value = response.headers.get('retry-after');
  if (!value || !/^\d+$/.test(value)) return undefined;
  return Math.min(Number(value) * 1000, 60_000);
}
