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
    private readonly pageSize = 25_000,
  ) {}

  /** True once both tables were found not to exist in the workspace. */
  get noTable(): boolean {
    return [...this.tables.values()].every((state) => state === 'missing');
  }

  /** The tables to read: those that exist or have not been tried yet. */
  get candidates(): readonly ConsoleLogTable[] {
    return CONSOLE_LOG_TABLES.filter((table) => this.tables.get(table.name) !== 'missing');
  }

  /**
   * Rows of one table at or after `since`, oldest first, one page at a time (memory stays at one
   * page however long the log). Yields nothing when the table does not exist.
   */
  async *pages(table: ConsoleLogTable, since: string): AsyncGenerator<Iterable<TimedLine>> {
    let from = since;
    let repeated = 0;
    for (;;) {
      const page = await this.query(table, from);
      if (!page) return;
      // A page starts again at the last time of the previous one: those rows were already yielded.
      // Lines are made one at a time from the parsed rows, so a page is held once, not twice.
      const skip = repeated;
      yield (function* () {
        for (let index = skip; index < page.rows.length; index++) yield page.line(page.rows[index]!);
      })();
      if (page.rows.length < this.pageSize) return;
      const last = page.timeOf(page.rows[page.rows.length - 1]!);
      if (last === page.timeOf(page.rows[0]!)) {
        throw new Error(`More than ${this.pageSize} log rows share the time ${last} in ${table.name}; the log cannot be read in order.`);
      }
      repeated = 0;
      for (let index = page.rows.length - 1; index >= 0 && page.timeOf(page.rows[index]!) === last; index--) repeated++;
      from = last;
    }
  }

  private async query(table: ConsoleLogTable, since: string): Promise<{ rows: unknown[][]; line: (row: unknown[]) => TimedLine; timeOf: (row: unknown[]) => string } | undefined> {
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
    if (!answer) return { rows: [], line: () => ({ time: '', source: '', stream: '', text: '' }), timeOf: () => '' };
    const index = (name: string) => answer.columns.findIndex((column) => column.name === name);
    const c = table.columns;
    const [time, group, container, stream, log] = [index(c.time), index(c.group), index(c.container), index(c.stream), index(c.log)];
    // One source string per replica/container, not one per row.
    const sources = new Map<string, string>();
    const sourceOf = (replica: string, name: string) => {
      const id = `${replica}/${name}`;
      let found = sources.get(id);
      if (found === undefined) sources.set(id, (found = id));
      return found;
    };
    const timeOf = (row: unknown[]) => normalizeTime(String(row[time] ?? ''));
    return {
      rows: answer.rows,
      timeOf,
      line: (row) => ({
        time: timeOf(row),
        source: sourceOf(String(row[group] ?? ''), String(row[container] ?? '')),
        stream: String(row[stream] ?? 'stdout'),
        text: String(row[log] ?? '').replace(/\r?\n$/, ''),
      }),
    };
  }
}
