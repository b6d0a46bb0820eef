/**
 * Turns the runner's cancellation (SIGINT, then SIGTERM about 7.5 s later) into an AbortSignal so
 * remote work can be stopped before the process exits. A second signal does not kill the process
 * either: the clean-up already under way is given the time the runner allows.
 */
export interface Cancellation {
  signal: AbortSignal;
  /** Which signal cancelled the step, if any. */
  readonly reason: NodeJS.Signals | undefined;
  dispose(): void;
}

export function listenForCancellation(): Cancellation {
  const controller = new AbortController();
  let reason: NodeJS.Signals | undefined;
  const onSignal = (received: NodeJS.Signals) => {
    if (!reason) {
      reason = received;
      process.stdout.write(`Received ${received}: cancelling; remote work started by this step is being stopped.\n`);
      controller.abort(new CancelledError(received));
    } else {
      process.stdout.write(`Received ${received} again: still stopping remote work.\n`);
    }
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return {
    signal: controller.signal,
    get reason() {
      return reason;
    },
    dispose() {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    },
  };
}

export class CancelledError extends Error {
  constructor(readonly signalName: string) {
    super(`The workflow was cancelled (${signalName}).`);
    this.name = 'CancelledError';
  }
}
