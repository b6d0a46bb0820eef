import { kqlDatetime, kqlString } from './kql.js';

/**
 * The two tables Container Apps system (platform) events can land in: the legacy Log Analytics
 * destination's custom table (`_s` string columns) and the diagnostic-settings table. Column names
 * from the ContainerAppSystemLogs table reference (MicrosoftDocs/azure-reference-other,
 * azure-monitor-ref/tables/includes/containerappsystemlogs-include.md: TimeGenerated, ReplicaName,
 * ContainerName, JobName, Reason, Log, Type, Count); the legacy spellings (`ReplicaName_s`,
 * `Reason_s`, `Log_s`, `Type_s`, `JobName_s`) as queried in microsoft/azure-container-apps issues
 * 1085 and 1168 against ContainerAppSystemLogs_CL.
 */
export interface SystemLogTable {
  name: 'ContainerAppSystemLogs_CL' | 'ContainerAppSystemLogs';
  columns: { time: string; replica: string; container: string; job: string; reason: string; log: string; type: string };
}

export const SYSTEM_LOG_TABLES: readonly SystemLogTable[] = [
  { name: 'ContainerAppSystemLogs_CL', columns: { time: 'TimeGenerated', replica: 'ReplicaName_s', container: 'ContainerName_s', job: 'JobName_s', reason: 'Reason_s', log: 'Log_s', type: 'Type_s' } },
  { name: 'ContainerAppSystemLogs', columns: { time: 'TimeGenerated', replica: 'ReplicaName', container: 'ContainerName', job: 'JobName', reason: 'Reason', log: 'Log', type: 'Type' } },
];

export interface SystemLogQuery {
  table: SystemLogTable;
  /** Rows at or after this time (ISO, UTC). */
  since: string;
  take: number;
  /** Events of the execution's replicas (`<execution>-<suffix>`)... */
  executionName?: string;
  /** ...or events of the job itself (no replica), e.g. a deadline reached. */
  jobName?: string;
}

/** System events of one execution's replicas, or of its job, oldest first. */
export function systemLogQuery(query: SystemLogQuery): string {
  const c = query.table.columns;
  const filter = query.executionName !== undefined
    ? `${c.replica} startswith ${kqlString(`${query.executionName}-`)}`
    : `${c.job} == ${kqlString(query.jobName ?? '')}`;
  return [
    query.table.name,
    `where ${filter} and ${c.time} >= ${kqlDatetime(query.since)}`,
    `project ${c.time}, ${c.replica}, ${c.container}, ${c.reason}, ${c.type}, ${c.log}`,
    `order by ${c.time} asc`,
    `take ${Math.trunc(query.take)}`,
  ].join(' | ');
}
