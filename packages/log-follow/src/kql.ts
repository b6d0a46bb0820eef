/**
 * The one place KQL text is built. Every value goes through `kqlString` or `kqlDatetime`; names of
 * tables and columns come only from the constants below, never from input.
 */
export function kqlString(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/\t/g, '\\t')}"`;
}

export function kqlDatetime(iso: string): string {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,7})?Z$/.test(iso)) throw new Error(`Not a UTC ISO 8601 time: ${JSON.stringify(iso)}`);
  return `datetime(${iso})`;
}

/** The two tables Container Apps console logs can land in, with their column names. */
export interface ConsoleLogTable {
  name: 'ContainerAppConsoleLogs_CL' | 'ContainerAppConsoleLogs';
  /**
   * `job`: the column naming the Container Apps job, where the table is known to have one (the
   * legacy table's `ContainerJobName_s`; the diagnostic-settings table documents none for jobs, so
   * its rows are told apart by replica name alone).
   */
  columns: { time: string; group: string; container: string; stream: string; log: string; job?: string };
}

export const CONSOLE_LOG_TABLES: readonly ConsoleLogTable[] = [
  { name: 'ContainerAppConsoleLogs_CL', columns: { time: 'TimeGenerated', group: 'ContainerGroupName_s', container: 'ContainerName_s', stream: 'Stream_s', log: 'Log_s', job: 'ContainerJobName_s' } },
  { name: 'ContainerAppConsoleLogs', columns: { time: 'TimeGenerated', group: 'ContainerGroupName', container: 'ContainerName', stream: 'Stream', log: 'Log' } },
];

/** The column each query adds with the row's ingestion time (what `ingestion_time()` returns). */
export const INGESTED_COLUMN = 'IngestedAt';

export interface ConsoleLogQuery {
  table: ConsoleLogTable;
  /** The job the execution belongs to. */
  jobName: string;
  /** The execution's replicas are named `<execution>-<suffix>`. */
  executionName: string;
  /** Rows at or after this time (ISO, UTC). */
  since: string;
  /** Rows before this time (ISO, UTC), when the window is bounded. */
  before?: string;
  take: number;
}

/** One page of an execution's console lines, oldest first, ties broken by replica and container. */
export function consoleLogQuery(query: ConsoleLogQuery): string {
  const c = query.table.columns;
  const conditions = [
    ...(c.job ? [`${c.job} == ${kqlString(query.jobName)}`] : []),
    `${c.group} startswith ${kqlString(`${query.executionName}-`)}`,
    `${c.time} >= ${kqlDatetime(query.since)}`,
    ...(query.before ? [`${c.time} < ${kqlDatetime(query.before)}`] : []),
  ];
  return [
    query.table.name,
    `where ${conditions.join(' and ')}`,
    `extend ${INGESTED_COLUMN} = ingestion_time()`,
    `project ${c.time}, ${c.group}, ${c.container}, ${c.stream}, ${c.log}, ${INGESTED_COLUMN}`,
    `order by ${c.time} asc, ${c.group} asc, ${c.container} asc`,
    `take ${Math.trunc(query.take)}`,
  ].join(' | ');
}
