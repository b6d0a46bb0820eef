import { RestClient, scopeFor, type AzureConnection } from '@te-actions/azure-auth';

/**
 * An ARM client for clean-up after the step's signal has fired (the main client refuses to send
 * once cancelled): its own time limit, short retries, so the run is cancelled before the runner's
 * SIGTERM (about 7.5 s after SIGINT).
 */
export function cleanupClient(connection: AzureConnection, timeLimitMs: number): RestClient {
  return new RestClient({
    baseUrl: connection.cloud.resourceManager,
    credential: connection.credential.credential,
    scope: scopeFor(connection.cloud.resourceManager),
    signal: AbortSignal.timeout(timeLimitMs),
    retry: { maxRetries: 3, initialDelayMs: 250, maxDelayMs: 1000, maxRetryAfterMs: 1000, attemptTimeoutMs: 3000 },
    userAgent: 'te-actions/1',
  });
}
