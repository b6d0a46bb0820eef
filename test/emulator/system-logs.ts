import type { KqlTable } from './kql-subset.ts';

/**
 * Container Apps system (platform) events of job executions, as the service writes them to Log
 * Analytics, and the replica container states the replicas list reports for them.
 *
 * Tables and columns: ContainerAppSystemLogs (diagnostic settings) per the table reference
 * (MicrosoftDocs/azure-reference-other, azure-monitor-ref/tables/includes/containerappsystemlogs-include.md:
 * TimeGenerated, JobName, ReplicaName, ContainerName, Reason, Type, Log, Count); the legacy
 * ContainerAppSystemLogs_CL with `_s`/`_d` columns as queried in microsoft/azure-container-apps
 * issues 1085 (Log_s) and 1168 (Type_s, Reason_s).
 * Rows (Reason, Type, Log):
 * - a replica being scheduled: "Replica '<name>' has been scheduled to run on a node." (azureossd.github.io
 *   2024-01-11 "Container Apps - Demystifying restarts");
 * - a container exit: ContainerTerminated, "Container '<c>' was terminated with exit code '<n>'"
 *   (issue 1085; azureossd.github.io 2024-01-19 "Container Apps - Backoff restarts and container exits");
 * - a back-off: ContainerBackOff, "Persistent Failiure to start container" (sic, same post);
 * - an image that cannot be pulled: "Container '<c>' was terminated with exit code '' and reason
 *   'ImagePullFailure'" (issue 1201);
 * - the replica timeout: DeadlineExceeded, "Job was active longer than specified deadline" (issue 986),
 *   an event of the job, not of a replica.
 * Replica container states: runningState Running | Terminated | Waiting and runningStateDetails
 * "Container is waiting with reason: <reason>", restartCount (ReplicaContainer schema; the
 * details text as az containerapp replica show printed it for a CrashLoopBackOff, quoted in
 * public incident notes).
 */
export type ReplicaFailure =
  | { kind: 'exit-code'; exitCode: number }
  | { kind: 'image-pull' }
  | { kind: 'deadline' }
  | { kind: 'back-off'; exitCode: number; restarts: number };

export type SystemTableName = 'ContainerAppSystemLogs_CL' | 'ContainerAppSystemLogs';

const COLUMNS: Record<SystemTableName, { time: string; job: string; replica: string; container: string; reason: string; type: string; log: string; count: string }> = {
  ContainerAppSystemLogs_CL: { time: 'TimeGenerated', job: 'JobName_s', replica: 'ReplicaName_s', container: 'ContainerName_s', reason: 'Reason_s', type: 'Type_s', log: 'Log_s', count: 'Count_d' },
  ContainerAppSystemLogs: { time: 'TimeGenerated', job: 'JobName', replica: 'ReplicaName', container: 'ContainerName', reason: 'Reason', type: 'Type', log: 'Log', count: 'Count' },
};

export interface SystemEventRow {
  time: string;
  job: string;
  replica: string;
  container: string;
  reason: string;
  type: 'Normal' | 'Warning';
  log: string;
}

/** What system-logs needs of an emulated execution (kept structural so executions-state stays unchanged). */
export interface ExecutionFacts {
  job: { name: string };
  replicaName: string;
  containerNames: string[];
  startedAt: number;
  endedAt?: number;
  status: string;
  template: Record<string, any>;
  script: { failure?: ReplicaFailure; finalStatus: string };
}

const iso = (ms: number) => `${new Date(ms).toISOString().slice(0, 23)}0000Z`;

export class SystemLogsState {
  /** Which system log tables exist; by default the legacy one, as for console logs. */
  tablesPresent: Record<SystemTableName, boolean> = { ContainerAppSystemLogs_CL: true, ContainerAppSystemLogs: false };
  /** Delay from an event to its row being queryable. */
  ingestionDelayMs = 0;
  readonly rows: { visibleAt: number; row: SystemEventRow }[] = [];

  /** The failure a finished execution's script describes; a Failed or Degraded one without any exited with code 1. */
  static failureOf(execution: ExecutionFacts): ReplicaFailure | undefined {
    if (execution.script.failure) return execution.script.failure;
    return execution.status === 'Failed' || execution.status === 'Degraded' ? { kind: 'exit-code', exitCode: 1 } : undefined;
  }

  /** Writes the events of an execution that reached its final status. */
  executionEnded(execution: ExecutionFacts, now = Date.now()): void {
    const container = execution.containerNames[0] ?? execution.job.name;
    const image = (execution.template.containers ?? []).find((each: { name: string }) => each.name === container)?.image ?? '';
    const at = (ms: number) => iso(ms);
    const base = { job: execution.job.name, replica: execution.replicaName, container };
    const add = (ms: number, reason: string, type: 'Normal' | 'Warning', log: string, replica = base.replica) =>
      this.rows.push({ visibleAt: now + this.ingestionDelayMs, row: { ...base, replica, container: replica ? container : '', time: at(ms), reason, type, log } });
    const start = execution.startedAt;
    const end = execution.endedAt ?? now;
    add(start, 'AssigningReplica', 'Normal', `Replica '${execution.replicaName}' has been scheduled to run on a node.`);
    const failure = SystemLogsState.failureOf(execution);
    if (failure?.kind === 'image-pull') {
      add(start + 1, 'PullingImage', 'Normal', `Pulling image '${image}'`);
      add(end, 'ContainerTerminated', 'Warning', `Container '${container}' was terminated with exit code '' and reason 'ImagePullFailure'`);
      return;
    }
    add(start + 1, 'PulledImage', 'Normal', `Successfully pulled image '${image}'`);
    add(start + 2, 'ContainerStarted', 'Normal', `Started container '${container}'`);
    if (failure?.kind === 'exit-code') add(end, 'ContainerTerminated', 'Warning', `Container '${container}' was terminated with exit code '${failure.exitCode}'`);
    if (failure?.kind === 'back-off') {
      add(end - 2, 'ContainerTerminated', 'Warning', `Container '${container}' was terminated with exit code '${failure.exitCode}'`);
      add(end - 1, 'ContainerBackOff', 'Warning', 'Persistent Failiure to start container');
    }
    if (failure?.kind === 'deadline') add(end, 'DeadlineExceeded', 'Warning', 'Job was active longer than specified deadline', '');
    if (!failure && execution.status === 'Succeeded') add(end, 'ContainerTerminated', 'Normal', `Container '${container}' was terminated with exit code '0'`);
  }

  /** Container fields of the replicas list for a container of an execution. */
  containerState(execution: ExecutionFacts, name: string): Record<string, unknown> {
    const ended = execution.endedAt !== undefined;
    const failure = ended ? SystemLogsState.failureOf(execution) : undefined;
    if (failure?.kind === 'image-pull') return { ready: false, started: false, restartCount: 0, runningState: 'Waiting', runningStateDetails: 'Container is waiting with reason: ImagePullBackOff' };
    if (failure?.kind === 'back-off') return { ready: false, started: false, restartCount: failure.restarts, runningState: 'Waiting', runningStateDetails: 'Container is waiting with reason: CrashLoopBackOff' };
    return { ready: !ended, started: true, restartCount: 0, runningState: ended ? 'Terminated' : 'Running' };
  }

  /** The tables for the emulated workspace's query engine. */
  tables(now = Date.now()): Map<string, KqlTable> {
    const tables = new Map<string, KqlTable>();
    for (const name of Object.keys(COLUMNS) as SystemTableName[]) {
      if (!this.tablesPresent[name]) continue;
      const c = COLUMNS[name];
      tables.set(name, {
        columns: [
          { name: c.time, type: 'datetime' },
          { name: c.job, type: 'string' },
          { name: c.replica, type: 'string' },
          { name: c.container, type: 'string' },
          { name: c.reason, type: 'string' },
          { name: c.type, type: 'string' },
          { name: c.log, type: 'string' },
          { name: c.count, type: name === 'ContainerAppSystemLogs' ? 'long' : 'real' },
        ],
        rows: this.rows
          .filter((entry) => entry.visibleAt <= now)
          .map(({ row }) => ({ [c.time]: row.time, [c.job]: row.job, [c.replica]: row.replica, [c.container]: row.container, [c.reason]: row.reason, [c.type]: row.type, [c.log]: row.log, [c.count]: 1 })),
      });
    }
    return tables;
  }
}
