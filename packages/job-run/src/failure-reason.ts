import type { SystemEvent } from '@te-actions/log-follow';
import { formatDuration } from '@te-actions/poll';
import type { ReplicaContainerState } from './replica-states.js';

/**
 * What the service recorded about an execution that did not succeed. The message texts and
 * Reason values matched here are the ones Container Apps writes to ContainerAppSystemLogs(_CL):
 * - `Container 'NAME' was terminated with exit code 'N'` (Reason ContainerTerminated or Error):
 *   microsoft/azure-container-apps issue 1085; azureossd.github.io 2024-01-19 "Container Apps -
 *   Backoff restarts and container exits".
 * - `Container 'NAME' was terminated with exit code '' and reason 'ImagePullFailure'`:
 *   microsoft/azure-container-apps issue 1201; replica containers waiting with ErrImagePull or
 *   ImagePullBackOff in runningStateDetails.
 * - Reason DeadlineExceeded, `Job was active longer than specified deadline` (the job's replica
 *   timeout): microsoft/azure-container-apps issue 986.
 * - Reason ContainerBackOff, `Persistent Failiure to start container` (sic): the azureossd post above.
 */
export interface FailureEvidence {
  events: SystemEvent[];
  containers: ReplicaContainerState[];
  /** The console line that most likely says why (see ConsoleTail.errorLine). */
  errorLine?: string;
  /** Image of each container of the execution's template. */
  images: Record<string, string>;
  /** The job's replica timeout (configuration.replicaTimeout), in seconds. */
  replicaTimeoutSeconds?: number;
}

export interface FailureReason {
  /** One line, for the annotation and the failure-reason output. */
  text: string;
  /** True when the reason names a cause (exit code, image pull, deadline, back-off); false for a generic warning. */
  decisive: boolean;
}

const EXIT_CODE = /Container '([^']+)' was terminated with exit code '(-?\d+)'/;
const IMAGE_PULL = /ImagePullFailure|ErrImagePull|ImagePullBackOff|Failed to pull image/i;
const DEADLINE = /DeadlineExceeded|active longer than specified deadline/i;
const BACK_OFF = /BackOff/;
const CONTAINER_NAMED = /Container '([^']+)'/;

/** One line of remote text: no control characters, bounded length. */
export function oneLine(text: string, max = 300): string {
  // eslint-disable-next-line no-control-regex
  const flat = text.replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, ' ').replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

function withLine(head: string, line: string | undefined): string {
  return line ? `${head}: ${line}` : head;
}

/** The reason in one line, or undefined when the service recorded nothing that explains it. */
export function explainFailure(evidence: FailureEvidence): FailureReason | undefined {
  const events = evidence.events.filter((event) => event.log || event.reason);
  const errorLine = evidence.errorLine ? oneLine(evidence.errorLine, 240) : undefined;
  const last = <T>(items: T[], test: (item: T) => boolean) => [...items].reverse().find(test);
  const containerOf = (event: SystemEvent) => event.container || CONTAINER_NAMED.exec(event.log)?.[1] || '';

  const deadline = last(events, (event) => DEADLINE.test(event.reason) || DEADLINE.test(event.log));
  if (deadline) {
    const limit = evidence.replicaTimeoutSeconds ? ` (${formatDuration(evidence.replicaTimeoutSeconds * 1000)})` : '';
    return { text: oneLine(`the execution ran longer than the job's replica timeout${limit}: ${deadline.log || deadline.reason}`), decisive: true };
  }

  const pull = last(events, (event) => IMAGE_PULL.test(event.reason) || IMAGE_PULL.test(event.log));
  const waiting = evidence.containers.find((container) => IMAGE_PULL.test(container.runningStateDetails ?? ''));
  if (pull || waiting) {
    const container = (pull && containerOf(pull)) || waiting?.container || '';
    const image = evidence.images[container];
    const said = [waiting?.runningStateDetails, pull?.log].filter(Boolean).join('; ');
    return { text: oneLine(`container ${container || '(unknown)'} could not pull its image${image ? ` ${image}` : ''}${said ? `: ${said}` : ''}`), decisive: true };
  }

  const exit = last(events, (event) => {
    const code = EXIT_CODE.exec(event.log)?.[2];
    return code !== undefined && code !== '0';
  });
  if (exit) {
    const [, container, code] = EXIT_CODE.exec(exit.log)!;
    return { text: oneLine(withLine(`container ${container} exited with code ${code}`, errorLine)), decisive: true };
  }

  const backOff = last(events, (event) => BACK_OFF.test(event.reason));
  const crashing = evidence.containers.find((container) => /CrashLoopBackOff/.test(container.runningStateDetails ?? ''));
  if (backOff || crashing) {
    const container = (backOff && containerOf(backOff)) || crashing?.container || '(unknown)';
    const restarts = crashing?.restartCount ? `, restarted ${crashing.restartCount} time(s)` : '';
    const said = backOff?.log || crashing?.runningStateDetails || '';
    return { text: oneLine(withLine(`container ${container} kept failing to start (${backOff?.reason || 'CrashLoopBackOff'}${restarts}${said ? `: ${said}` : ''})`, errorLine)), decisive: true };
  }

  const warning = last(events, (event) => /warning|error/i.test(event.type));
  if (warning) return { text: oneLine(withLine(`${warning.reason || 'the service reported'}: ${warning.log}`, errorLine)), decisive: false };

  const ended = evidence.containers.find((container) => container.runningState === 'Terminated' && container.runningStateDetails);
  if (ended) return { text: oneLine(withLine(`container ${ended.container}: ${ended.runningStateDetails}`, errorLine)), decisive: false };
  return undefined;
}
