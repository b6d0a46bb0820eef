import * as core from '@actions/core';
import { CancelledError, listenForCancellation } from './cancellation.js';
import { InputError } from './input-error.js';

export interface ActionContext {
  /** Aborted when the workflow is cancelled. */
  signal: AbortSignal;
}

/** An error whose message is complete and actionable on its own: shown without a stack trace. */
export class ActionError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'ActionError';
  }
}

function describe(error: unknown): string {
  if (error instanceof InputError || error instanceof ActionError || error instanceof CancelledError) return error.message;
  if (error instanceof Error) {
    if (process.env.RUNNER_DEBUG === '1' && error.stack) core.debug(error.stack);
    return error.message || error.name;
  }
  return String(error);
}

/**
 * Runs an action's body: errors become one `::error::` annotation with an actionable message and
 * exit code 1; cancellation is reported as such. Never prints a stack trace unless debug logging is on.
 */
export async function runAction(body: (context: ActionContext) => Promise<void>): Promise<void> {
  const cancellation = listenForCancellation();
  try {
    await body({ signal: cancellation.signal });
  } catch (error) {
    if (cancellation.reason && !(error instanceof InputError)) {
      core.setFailed(`Cancelled (${cancellation.reason}). ${error instanceof CancelledError ? '' : describe(error)}`.trim());
    } else {
      core.setFailed(describe(error));
    }
  } finally {
    cancellation.dispose();
  }
}
