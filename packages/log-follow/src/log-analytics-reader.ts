import { resourcePath, type RestClient } from '@te-actions/azure-auth';
import { CONSOLE_LOG_TABLES, consoleLogQuery, type ConsoleLogTable } from './kql.js';
import { normalizeTime, type LogLine } from './log-line.js';
import { readQueryAnswer } from './query-answer.js';

interface QueryError {
  error?: { code?: string; message?: string; details?: { message?: string }[]; innererror?: { code?: string; message?: string } };
}

export type TimedLine = LogLine & { time: string };

/** What a page's rows showed, known once the page was read to its end. */
interface PageStats {
  rows: number;
  first: string;
  last: string;
  /** Rows at the end of the page that share its last time. */
  atLast: number;
}

/** Reads an execution's console lines from a Log Analytics workspace, from both possible tables. */
export class LogAnalyticsReader {
  private readonly tables = new Map<string, 'unknown' | 'present' | 'missing'>(CONSOLE_LOG_TABLES.map((table) => [table.name, 'unknown']));
  /** One source string per replica and container, not one per row. */
  private readonly sources = new Map<string, Map<string, string>>();
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
   * Rows of one table at or after `since`, oldest first, one page at a time. Each page is read from
   * the answer's bytes a row at a time (memory stays at one page's bytes however long the log) and
   * must be iterated to its end before the next page is asked for. Yields nothing when the table
   * does not exist.
   */
  async *pages(table: ConsoleLogTable, since: string): AsyncGenerator<Iterable<TimedLine>> {
    let from = since;
    let repeated = 0;
    for (;;) {
      const rows = await this.query(table, from);
      if (!rows) return;
      const stats: PageStats = { rows: 0, first: '', last: '', atLast: 0 };
      // A page starts again at the last time of the previous one: those rows were already yielded.
      yield this.lines(table, rows, repeated, stats);
      if (stats.rows < this.pageSize) return;
      if (stats.last === stats.first) {
        throw new Error(`More than ${this.pageSize} log rows share the time ${stats.last} in ${table.name}; the log cannot be read in order.`);
      }
      repeated = stats.atLast;
      from = stats.last;
    }
  }

  private *lines(table: ConsoleLogTable, answer: ReturnType<typeof readQueryAnswer>, skip: number, stats: PageStats): Generator<TimedLine> {
    if (!answer) return;
    const index = (name: string) => answer.columns.findIndex((column) => column.name === name);
    const c = table.columns;
    const [time, group, container, stream, log] = [index(c.time), index(c.group), index(c.container), index(c.stream), index(c.log)];
    for (const row of answer.rows()) {
      const at = normalizeTime(String(row[time] ?? ''));
      if (stats.rows++ === 0) stats.first = at;
      if (at === stats.last) stats.atLast++;
      else {
        stats.last = at;
        stats.atLast = 1;
      }
      if (stats.rows <= skip) continue;
      let text = String(row[log] ?? '');
      if (text.charCodeAt(text.length - 1) === 10) text = text.slice(0, text.charCodeAt(text.length - 2) === 13 ? -2 : -1);
      yield { time: at, source: this.sourceOf(String(row[group] ?? ''), String(row[container] ?? '')), stream: String(row[stream] ?? 'stdout'), text };
    }
  }

  private sourceOf(replica: string, container: string): string {
    let byContainer = this.sources.get(replica);
    if (!byContainer) this.sources.set(replica, (byContainer = new Map()));
    let source = byContainer.get(container);
    if (source === undefined) byContainer.set(container, (source = `${replica}/${container}`));
    return source;
  }

  private async query(table: ConsoleLogTable, since: string): Promise<ReturnType<typeof readQueryAnswer> | undefined | null> {
    this.queryCount++;
    const response = await this.client.request<Buffer | QueryError>({
      method: 'POST',
      path: resourcePath`/v1/workspaces/${this.workspaceId}/query`,
      body: { query: consoleLogQuery({ table, executionName: this.executionName, since, take: this.pageSize }) },
      what: `Querying ${table.name} in Log Analytics workspace ${this.workspaceId}`,
      idempotent: true,
      allow: [400],
      // A page of rows is read from its bytes a row at a time, never held as one string plus one object tree.
      responseType: 'bytes',
    });
    if (response.status === 400) {
      const error = (response.body as QueryError | undefined)?.error;
      const text = `${error?.message ?? ''} ${error?.innererror?.message ?? ''} ${(error?.details ?? []).map((detail) => detail.message).join(' ')}`;
      if (/resolve|not found|unknown table/i.test(text) && text.includes(`'${table.name}'`)) {
        this.tables.set(table.name, 'missing');
        return null;
      }
      throw new Error(`Querying ${table.name} in Log Analytics workspace ${this.workspaceId} failed: ${error?.code ?? 'HTTP 400'}: ${error?.message ?? 'bad request'}`);
    }
    this.tables.set(table.name, 'present');
    const body = response.body;
    if (!Buffer.isBuffer(body) || body.length === 0) return undefined;
    return readQueryAnswer(body);
  }
}
