import type { RunStatus } from './acr-types.js';

const TERMINAL: ReadonlySet<string> = new Set<RunStatus>(['Succeeded', 'Failed', 'Canceled', 'Error', 'Timeout']);

/** Whether a run has ended. Unknown statuses are treated as still running. */
export function isTerminalRunStatus(status: string | undefined): boolean {
  return status !== undefined && TERMINAL.has(status);
}

/** Only Succeeded is success; Failed, Canceled, Error and Timeout are failures. */
export function isSuccessfulRunStatus(status: string | undefined): boolean {
  return status === 'Succeeded';
}
