import { AzureRequestError } from '@te-actions/azure-auth';
import { DeadlineExceededError, formatDuration } from '@te-actions/poll';

/**
 * Restates an error of a long-running operation for people: a failed operation names the
 * service's code and message, a timeout says what is still running in Azure.
 */
export function describeOperationFailure(error: unknown, what: string, afterTimeout: string): Error {
  if (error instanceof AzureRequestError && error.status === 200) {
    return new Error(`${what} failed in Azure: ${error.code ?? 'Failed'}${error.serviceMessage ? `: ${error.serviceMessage}` : ''}`);
  }
  if (error instanceof DeadlineExceededError) {
    return new Error(`${what} did not finish within ${formatDuration(error.ms)}. ${afterTimeout}`);
  }
  return error instanceof Error ? error : new Error(String(error));
}
