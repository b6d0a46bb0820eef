import { randomUUID } from 'node:crypto';
import { INGESTION_TIME, runKql, type KqlColumn, type KqlTable } from './kql-subset.ts';

export type ConsoleTableName = 'ContainerAppConsoleLogs_CL' | 'ContainerAppConsoleLogs';

const CONSOLE_COLUMNS: Record<ConsoleTableName, { time: string; group: string; container: string; stream: string; log: string; job: string }> = {
  ContainerAppConsoleLogs_CL: { time: 'TimeGenerated', group: 'ContainerGroupName_s', container: 'ContainerName_s', stream: 'Stream_s', log: 'Log_s', job: 'ContainerJobName_s' },
  ContainerAppConsoleLogs: { time: 'TimeGenerated', group: 'ContainerGroupName', container: 'ContainerName', stream: 'Stream', log: 'Log', job: 'ContainerJobName' },
};

export interface ConsoleLine {
  /** ISO time with 7 fraction digits. */
  time: string;
  job: string;
  group: string;
  container: string;
  stream: 'stdout' | 'stderr';
  log: string;
}

interface StoredRow {
  visibleAt: number;
  values: Record<string, unknown>;
}

/** An emulated Log Analytics workspace: console log tables whose rows become visible after an ingestion delay. */
export class LogAnalyticsState {
  readonly workspaceId = randomUUID();
  /** Which console log tables exist (the legacy _CL table, the diagnostic-settings table, or both). */
  tablesPresent: Record<ConsoleTableName, boolean> = { ContainerAppConsoleLogs_CL: true, ContainerAppConsoleLogs: false };
  /** Delay from a line being written to its row being queryable. */
  ingestionDelayMs = 0;
  /** Extra random delay per row, so rows become visible out of order. */
  outOfOrderMs = 0;
  /**
   * Answer a query whose result has more rows than this with only that many and a PartialError
   * beside them (HTTP 200), as the service does when a query exceeds a limit while it runs.
   */
  partialAboveRows: number | undefined;
  /** Answer the next this-many queries partially (their first half of rows and a PartialError). */
  partialNext = 0;
  /**
   * 'recorded': a query error is BadArgumentError with the reason two levels down (SemanticError →
   * SEM0100), as recorded. 'flat': the reason one level down only (the old assumption; a fault case).
   */
  errorShape: 'recorded' | 'flat' = 'recorded';
  /** Answers given partially (tests read this). */
  partialAnswers = 0;
  private readonly rows: Record<ConsoleTableName, StoredRow[]> = { ContainerAppConsoleLogs_CL: [], ContainerAppConsoleLogs: [] };
  queries: string[] = [];
  /** More tables the workspace holds (system logs), read at query time. */
  readonly moreTables: ((now: number) => Map<string, KqlTable>)[] = [];

  append(line: ConsoleLine, now = Date.now()): void {
    for (const name of Object.keys(CONSOLE_COLUMNS) as ConsoleTableName[]) {
      if (!this.tablesPresent[name]) continue;
      const c = CONSOLE_COLUMNS[name];
      const visibleAt = now + this.ingestionDelayMs + (this.outOfOrderMs ? Math.random() * this.outOfOrderMs : 0);
      // ingestion_time() is when the row was ingested: here, when it becomes queryable.
      const ingested = `${new Date(visibleAt).toISOString().slice(0, 23)}0000Z`;
      this.rows[name].push({ visibleAt, values: { [c.time]: line.time, [c.job]: line.job, [c.group]: line.group, [c.container]: line.container, [c.stream]: line.stream, [c.log]: line.log, _ResourceId: `/emulated/${line.job}`, [INGESTION_TIME]: ingested } });
    }
  }

  /** Rows stored, visible or not (tests read this). */
  rowCount(table: ConsoleTableName = 'ContainerAppConsoleLogs_CL'): number {
    return this.rows[table].length;
  }

  query(text: string, now = Date.now()): { columns: KqlColumn[]; rows: unknown[][] } {
    this.queries.push(text);
    const tables = new Map<string, KqlTable>();
    for (const name of Object.keys(CONSOLE_COLUMNS) as ConsoleTableName[]) {
      if (!this.tablesPresent[name]) continue;
      const c = CONSOLE_COLUMNS[name];
      tables.set(name, {
        columns: [
          { name: c.time, type: 'datetime' },
          { name: c.job, type: 'string' },
          { name: c.group, type: 'string' },
          { name: c.container, type: 'string' },
          { name: c.stream, type: 'string' },
          { name: c.log, type: 'string' },
          { name: '_ResourceId', type: 'string' },
        ],
        rows: this.rows[name].filter((row) => row.visibleAt <= now).map((row) => row.values),
      });
    }
    for (const source of this.moreTables) for (const [name, table] of source(now)) tables.set(name, table);
    return runKql(text, tables);
  }
}
