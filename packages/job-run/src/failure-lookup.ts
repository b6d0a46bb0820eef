import type { RestClient } from '@te-actions/azure-auth';
import type { ExecutionRef, Job } from '@te-actions/container-jobs';
import { readSystemEvents, type SystemEvent } from '@te-actions/log-follow';
import { systemClock, type Clock } from '@te-actions/poll';
import { explainFailure, type FailureReason } from './failure-reason.js';
import type { ReplicaContainerState } from './replica-states.js';

export interface FailureLookup {
  logAnalytics?: { client: RestClient; workspaceId: string };
  ref: ExecutionRef;
  job: Job;
  /** The containers of the execution (name and image). */
  template: { containers?: { name: string; image?: string }[] };
  containers: ReplicaContainerState[];
  errorLine?: string;
  /** Rows before this time are not read (the execution's start, minus clock skew). */
  since: string;
  /** System events reach Log Analytics late: keep asking this long for a decisive reason. */
  waitMs: number;
  intervalMs?: number;
  signal?: AbortSignal;
  clock?: Clock;
  note?: (message: string) => void;
}

/**
 * Finds why an execution did not succeed from what the service recorded: the replicas' container
 * states (already read) and the system events of its replicas and of its job in Log Analytics,
 * asked again until a decisive reason arrives or `waitMs` passed.
 */
export async function lookUpFailureReason(lookup: FailureLookup): Promise<FailureReason | undefined> {
  const clock = lookup.clock ?? systemClock;
  const images = Object.fromEntries((lookup.template.containers ?? []).map((container) => [container.name, container.image ?? '']));
  const timeout = Number(lookup.job.properties.configuration?.replicaTimeout);
  const base = { containers: lookup.containers, errorLine: lookup.errorLine, images, replicaTimeoutSeconds: Number.isFinite(timeout) && timeout > 0 ? timeout : undefined };
  const started = clock.now();
  let reason = explainFailure({ ...base, events: [] });
  if (!lookup.logAnalytics) return reason;
  const { client, workspaceId } = lookup.logAnalytics;
  for (;;) {
    let events: SystemEvent[];
    try {
      const replicas = await readSystemEvents({ client, workspaceId, since: lookup.since, executionName: lookup.ref.executionName });
      if (replicas.tablesFound === 0) {
        lookup.note?.(`Log Analytics workspace ${workspaceId} has neither ContainerAppSystemLogs_CL nor ContainerAppSystemLogs: the reason comes from the replica states only.`);
        return reason;
      }
      const jobLevel = await readSystemEvents({ client, workspaceId, since: lookup.since, jobName: lookup.ref.jobName });
      // Job-level events without a replica (a deadline reached); replica events of other executions are not ours.
      events = [...replicas.events, ...jobLevel.events.filter((event) => !event.replica)];
    } catch (error) {
      lookup.note?.(`The system log of execution ${lookup.ref.executionName} could not be read: ${error instanceof Error ? error.message : String(error)}`);
      return reason;
    }
    reason = explainFailure({ ...base, events }) ?? reason;
    if (reason?.decisive || clock.now() - started >= lookup.waitMs || lookup.signal?.aborted) return reason;
    await clock.sleep(Math.min(lookup.intervalMs ?? 5000, Math.max(1, lookup.waitMs - (clock.now() - started))), lookup.signal).catch(() => undefined);
  }
}
