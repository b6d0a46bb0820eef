import { resourcePath, type RestClient } from '@te-actions/azure-auth';
import { CONSOLE_LOG_TABLES, consoleLogQuery, type ConsoleLogTable } from './kql.js';
import { normalizeTime, type LogLine } from './log-line.js';

interface QueryResponse {
  tables?: { name: string; columns: { name: string; type: string }[]; rows: unknown[][] }[];
  error?: { code?: string; message?: string; details?: { message?: string }[]; innererror?: { code?: string; message?: string } };
}

export type TimedLine = LogLine & { time: string };

/** Reads an execution's console lines from a Log Analytics workspace, from both possible tables. */
export class LogAnalyticsReader {
  private readonly tables = new Map<string, 'unknown' | 'present' | 'missing'>(CONSOLE_LOG_TABLES.map((table) => [table.name, 'unknown']));
  queryCount = 0;

  constructor(
    private readonly client: RestClient,
    private readonly workspaceId: string,
    private readonly executionName: string,
    private readonly pageSize = 10_000,
  ) {}

  /** True once both tables were found not to exist in the workspace. */
  get noTable(): boolean {
    return [...this.tables.values()].every((state) => state === 'missing');
  }

  /** Rows at or after `since` from each table that exists, each table's rows in order. */
  async readSince(since: string): Promise<TimedLine[][]> {
    const result: TimedLine[][] = [];
    for (const table of CONSOLE_LOG_TABLES) {
      if (this.tables.get(table.name) === 'missing') continue;
      const rows = await this.readTable(table, since);
      if (rows) result.push(rows);
    }
    return result;
  }

  private async readTable(table: ConsoleLogTable, since: string): Promise<TimedLine[] | undefined> {
    let rows: TimedLine[] = [];
    let from = since;
    for (;;) {
      const page = await this.query(table, from);
      if (!page) return undefined;
      if (rows.length) {
        // The page starts again at the last time of the previous one and holds all its rows.
        rows = rows.filter((row) => row.time !== from);
      }
      rows.push(...page);
      if (page.length < this.pageSize) return rows;
      const last = page[page.length - 1]!.time;
      if (last === from || last === page[0]!.time) {
        throw new Error(`More than ${this.pageSize} log rows share the time ${last} in ${table.name}; the log cannot be read in order.`);
      }
      from = last;
    }
  }

  private async query(table: ConsoleLogTable, since: string): Promise<TimedLine[] | undefined> {
    this.queryCount++;
    const response = await this.client.request<QueryResponse>({
      method: 'POST',
      path: resourcePath`/v1/workspaces/${this.workspaceId}/query`,
      body: { query: consoleLogQuery({ table, executionName: this.executionName, since, take: this.pageSize }) },
      what: `Querying ${table.name} in Log Analytics workspace ${this.workspaceId}`,
      idempotent: true,
      allow: [400],
    });
    if (response.status === 400) {
      const error = response.body?.error;
      const text = `${error?.message ?? ''} ${error?.innererror?.message ?? ''} ${(error?.details ?? []).map((detail) => detail.message).join(' ')}`;
      if (/resolve|not found|unknown table/i.test(text) && text.includes(`'${table.name}'`)) {
        this.tables.set(table.name, 'missing');
        return undefined;
      }
      throw new Error(`Querying ${table.name} in Log Analytics workspace ${this.workspaceId} failed: ${error?.code ?? 'HTTP 400'}: ${error?.message ?? 'bad request'}`);
    }
    this.tables.set(table.name, 'present');
    const answer = response.body?.tables?.[0];
    if (!answer) return [];
    const index = (name: string) => answer.columns.findIndex((column) => column.name === name);
    const c = table.columns;
    const [time, group, container, stream, log] = [index(c.time), index(c.group), index(c.container), index(c.stream), index(c.log)];
    return answer.rows.map((row) => ({
      time: normalizeTime(String(row[time] ?? '')),
      source: `${String(row[group] ?? '')}/${String(row[container] ?? '')}`,
      stream: String(row[stream] ?? 'stdout'),
      text: String(row[log] ?? '').replace(/\r?\n$/, ''),
    }));
  }
}
