/**
 * How an execution status is read. The API's JobExecutionRunningState enum is extensible
 * (modelAsString): a value this code does not know is reported as it is and never counts as success.
 * `Unknown` is what a new execution reports for its first seconds, before its replica is scheduled:
 * it is a known, pending state, waited on without a warning (wait-execution.ts bounds how long).
 */
export type StatusKind = 'success' | 'failure' | 'running' | 'pending' | 'unknown';

const RUNNING = new Set(['running', 'processing']);
const FAILURE = new Set(['failed', 'stopped', 'degraded']);

export function classifyStatus(status: string | undefined): StatusKind {
  const value = (status ?? '').toLowerCase();
  if (value === 'succeeded') return 'success';
  if (RUNNING.has(value)) return 'running';
  if (FAILURE.has(value)) return 'failure';
  if (value === 'unknown') return 'pending';
  return 'unknown';
}

/** Terminal: the execution will not change any more (Succeeded, Failed, Stopped, Degraded). */
export function isTerminalStatus(status: string | undefined): boolean {
  const kind = classifyStatus(status);
  return kind === 'success' || kind === 'failure';
}
