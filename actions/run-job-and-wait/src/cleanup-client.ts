import { RestClient, scopeFor, type AzureConnection } from '@te-actions/azure-auth';

/**
 * An ARM client for clean-up after cancellation: not tied to the step's (aborted) signal, few quick
 * retries, and done within `withinMs` so the execution is stopped before the runner kills the step.
 */
export function cleanupClient(connection: AzureConnection, withinMs: number): RestClient {
  return new RestClient({
    baseUrl: connection.cloud.resourceManager,
    credential: connection.credential.credential,
    scope: scopeFor(connection.cloud.resourceManager),
    retry: { maxRetries: 4, initialDelayMs: 250, maxDelayMs: 1000, maxRetryAfterMs: 1000, attemptTimeoutMs: Math.min(4000, withinMs) },
    deadline: Date.now() + withinMs,
    userAgent: 'te-actions/1',
  });
}

/**
 * An ARM client the step's cancellation does not abort, for the start: a cancelled step must still
 * learn the name of the execution it started, to stop it.
 */
export function unabortableClient(connection: AzureConnection): RestClient {
  return new RestClient({
    baseUrl: connection.cloud.resourceManager,
    credential: connection.credential.credential,
    scope: scopeFor(connection.cloud.resourceManager),
    userAgent: 'te-actions/1',
  });
}
