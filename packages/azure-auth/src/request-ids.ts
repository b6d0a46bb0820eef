import type { ResponseHeaders } from './transport.js';

/**
 * The identifiers Azure support traces a call by. ARM answers carry `x-ms-request-id` and
 * `x-ms-correlation-request-id` (Azure/azure-powershell src/App/App.Autorest/test/AzContainerAppJob.Recording.json,
 * every response), Storage `x-ms-request-id`; Log Analytics names its own in the error body,
 * `{"error": {"message", "code", "correlationId"}}` (Azure/azure-sdk-for-net
 * sdk/monitor/Azure.Monitor.Query.Logs/TROUBLESHOOTING.md).
 */
export interface RequestIds {
  requestId?: string;
  correlationRequestId?: string;
  /** Log Analytics' error.correlationId. */
  correlationId?: string;
}

/** Only the characters an identifier has: a header or body cannot put anything else into a log line. */
function identifier(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const clean = value.trim().slice(0, 100);
  return /^[A-Za-z0-9._:/-]+$/.test(clean) ? clean : undefined;
}

export function requestIdsOf(headers: ResponseHeaders | undefined, body?: unknown): RequestIds {
  const ids: RequestIds = {};
  const requestId = identifier(headers?.get('x-ms-request-id'));
  const correlationRequestId = identifier(headers?.get('x-ms-correlation-request-id'));
  if (requestId) ids.requestId = requestId;
  if (correlationRequestId) ids.correlationRequestId = correlationRequestId;
  if (body && typeof body === 'object' && 'error' in body) {
    const error = (body as { error: unknown }).error;
    const correlationId = error && typeof error === 'object' ? identifier((error as { correlationId?: unknown }).correlationId) : undefined;
    if (correlationId) ids.correlationId = correlationId;
  }
  return ids;
}

/** " (x-ms-request-id: …, x-ms-correlation-request-id: …)", or '' when the answer named none. */
export function describeRequestIds(ids: RequestIds): string {
  const parts: string[] = [];
  if (ids.requestId) parts.push(`x-ms-request-id: ${ids.requestId}`);
  if (ids.correlationRequestId) parts.push(`x-ms-correlation-request-id: ${ids.correlationRequestId}`);
  if (ids.correlationId) parts.push(`correlationId: ${ids.correlationId}`);
  return parts.length ? ` (${parts.join(', ')})` : '';
}

/** Entra ID's token errors name `trace_id` and `correlation_id` in the body (OAuth error JSON). */
export function describeEntraIds(answer: { trace_id?: unknown; correlation_id?: unknown }): string {
  const parts: string[] = [];
  const trace = identifier(answer.trace_id);
  const correlation = identifier(answer.correlation_id);
  if (trace) parts.push(`trace ID: ${trace}`);
  if (correlation) parts.push(`correlation ID: ${correlation}`);
  return parts.length ? ` (${parts.join(', ')})` : '';
}
