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
  columns: { time: string; group: string; container: string; stream: string; log: string };
}

export const CONSOLE_LOG_TABLES: readonly ConsoleLogTable[] = [
  { name: 'ContainerAppConsoleLogs_CL', columns: { time: 'TimeGenerated', group: 'ContainerGroupName_s', container: 'ContainerName_s', stream: 'Stream_s', log: 'Log_s' } },
  { name: 'ContainerAppConsoleLogs', columns: { time: 'TimeGenerated', group: 'ContainerGroupName', container: 'ContainerName', stream: 'Stream', log: 'Log' } },
];

export interface ConsoleLogQuery {
  table: ConsoleLogTable;
  /** The execution's replicas are named `<execution>-<suffix>`. */
  executionName: string;
  /** Rows at or after this time (ISO, UTC). */
  since: string;
  take: number;
}

/** One page of an execution's console lines, oldest first, ties broken by replica and container. */
export function consoleLogQuery(query: ConsoleLogQuery): string {
  const c = query.table.columns;
  return [
    query.table.name,
    `where ${c.group} startswith ${kqlString(`${query.executionName}-`)} and ${c.time} >= ${kqlDatetime(query.since)}`,
    `project ${c.time}, ${c.group}, ${c.container}, ${c.stream}, ${c.log}`,
    `order by ${c.time} asc, ${c.group} asc, ${c.container} asc`,
    `take ${Math.trunc(query.take)}`,
  ].join(' | ');
}
