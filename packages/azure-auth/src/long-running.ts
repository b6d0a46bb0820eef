import { adaptiveSchedule, Deadline, parseRetryAfter, pollUntil, systemClock, type Clock } from '@te-actions/poll';
import { requestIdsOf } from './request-ids.js';
import { AzureRequestError, errorDetails } from './azure-request-error.js';
import type { RestClient, RestResponse } from './rest-client.js';

export interface LongRunningOptions {
  what: string;
  /** How long to wait for the operation. */
  timeoutMs: number;
  /** Poll interval when the service gives no Retry-After. */
  pollIntervalMs?: number;
  clock?: Clock;
}

interface OperationStatus {
  status?: string;
  error?: { code?: string; message?: string };
}

const TERMINAL_FAILURES = new Set(['failed', 'canceled', 'cancelled']);

/**
 * Waits for an ARM long-running operation started by `initial` (201/202 with Azure-AsyncOperation or
 * Location) and returns its final response: the Location URL's final answer when there is one,
 * otherwise the initial response.
 *
 * As recorded for a Container Apps job PATCH (azure-powershell
 * src/App/App.Autorest/test/AzContainerAppJob.Recording.json, "UpdateExpanded"): 202 with an empty
 * body, `Location` only and `Retry-After: 5`; each 202 poll answers with a new `Location` (a new `t=`
 * and signature), which is the one polled next; the end is 200 with the job. So no poll goes out
 * before the delay the last answer asked for, and every poll uses the newest Location. Only GETs
 * are sent here: the request that started the operation is never repeated.
 */
export async function waitForLongRunning<T>(client: RestClient, initial: RestResponse<T>, options: LongRunningOptions): Promise<RestResponse<T>> {
  if (initial.status !== 201 && initial.status !== 202) return initial;
  const asyncUrl = initial.headers.get('azure-asyncoperation');
  let location = initial.headers.get('location');
  if (!asyncUrl && !location) return initial;
  const clock = options.clock ?? systemClock;
  const deadline = new Deadline(options.timeoutMs, options.what, clock);
  const schedule = adaptiveSchedule(options.pollIntervalMs ?? 2000, { steadyForMs: 60_000, maxMs: 15_000 });
  let retryAfter = retryAfterOf(initial);
  const requestedDelay = () => {
    const value = retryAfter;
    retryAfter = undefined;
    return value;
  };
  /** The first poll waits too: the initial answer's Retry-After, or the schedule's first interval. */
  const firstWait = () => clock.sleep(Math.min(requestedDelay() ?? schedule.delayAfter(0), Math.max(deadline.remaining(), 1)), client.signal);

  if (asyncUrl) {
    await firstWait();
    await pollUntil({
      signal: client.signal,
      clock,
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
  } else {
    await firstWait();
  }

  return pollUntil({
    signal: client.signal,
    clock,
    deadline,
    schedule,
    requestedDelay,
    check: async () => {
      const response = await client.request<T>({ method: 'GET', path: location!, what: `${options.what} (result)` });
      if (response.status === 202) {
        retryAfter = retryAfterOf(response);
        location = response.headers.get('location') ?? location;
        return undefined;
      }
      return response;
    },
  });
}

function retryAfterOf(response: RestResponse<unknown>): number | undefined {
  const value = parseRetryAfter(response.headers.get('retry-after'));
  return value === undefined ? undefined : Math.min(value, 60_000);
}
