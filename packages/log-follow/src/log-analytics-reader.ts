import { resourcePath, type RestClient } from '@te-actions/azure-auth';
import { systemClock } from '@te-actions/poll';
import { CONSOLE_LOG_TABLES, consoleLogQuery, INGESTED_COLUMN, type ConsoleLogTable } from './kql.js';
import { normalizeTime, type LogLine } from './log-line.js';
import { readQueryAnswer, type QueryAnswerError, type QueryAnswerTable } from './query-answer.js';
import { describeQueryError, isMissingTable, parseQueryError } from './query-error.js';

export type TimedLine = LogLine & { time: string; /** When Log Analytics ingested the row (ISO), when known. */ ingestedAt?: string };

/** What a page's rows showed, known once the page was read to its end. */
interface PageStats {
  rows: number;
  first: string;
  last: string;
  /** Rows at the end of the page that share its last time. */
  atLast: number;
}

export interface ReaderTarget {
  jobName: string;
  executionName: string;
}

/** How many times one window is asked for before giving up on a partial answer. */
const MAX_PARTIAL_ATTEMPTS = 40;

const iso = (ms: number) => new Date(ms).toISOString();

/** Reads an execution's console lines from a Log Analytics workspace, from both possible tables. */
export class LogAnalyticsReader {
  private readonly tables = new Map<string, 'unknown' | 'present' | 'missing'>(CONSOLE_LOG_TABLES.map((table) => [table.name, 'unknown']));
  /** One source string per replica and container, not one per row. */
  private readonly sources = new Map<string, Map<string, string>>();
  /** Replica names seen, and whether they are this execution's (`<execution>-<suffix>`). */
  private readonly ownReplica = new Map<string, boolean>();
  queryCount = 0;
  /** Answers that came back partial (HTTP 200 with an error beside the rows), each asked again. */
  partialAnswers = 0;

  constructor(
    private readonly client: RestClient,
    private readonly workspaceId: string,
    private readonly target: ReaderTarget,
    private readonly pageSize = 25_000,
    private readonly note: (message: string) => void = () => undefined,
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
   *
   * A partial answer (HTTP 200 with `error` PartialError beside `tables`) is never used: the same
   * window is asked once more, then in ever narrower time windows until a window answers whole,
   * and the windows after it widen again, so no row is lost to a partial page.
   */
  async *pages(table: ConsoleLogTable, since: string): AsyncGenerator<Iterable<TimedLine>> {
    let from = since;
    let repeated = 0;
    let before: string | undefined;
    let widthMs = 0;
    let attempts = 0;
    for (;;) {
      const answer = await this.query(table, from, before);
      if (answer === null) return;
      if (answer?.error) {
        this.partialAnswers++;
        if (++attempts > MAX_PARTIAL_ATTEMPTS) throw new Error(`Log Analytics answered ${table.name} only in part ${attempts - 1} times in a row: ${describeQueryError(answer.error, 'PartialError')}.`);
        if (this.partialAnswers === 1) this.note(`Log Analytics answered a partial result for ${table.name} (${describeQueryError(answer.error, 'PartialError')}); asking again, in narrower time windows if needed, so no line is lost.`);
        if (attempts >= 2) {
          const start = Date.parse(from);
          const end = before ? Date.parse(before) : Date.now() + 1;
          widthMs = Math.max(1, Math.floor((end - start) / 2));
          before = iso(Math.floor(start) + widthMs);
        }
        await systemClock.sleep(Math.min(2000, 100 * attempts));
        continue;
      }
      attempts = 0;
      const stats: PageStats = { rows: 0, first: '', last: '', atLast: 0 };
      // A page starts again at the last time of the previous one: those rows were already yielded.
      yield this.lines(table, answer, repeated, stats);
      if (stats.rows >= this.pageSize) {
        if (stats.last === stats.first) {
          throw new Error(`More than ${this.pageSize} log rows share the time ${stats.last} in ${table.name}; the log cannot be read in order.`);
        }
        repeated = stats.atLast;
        from = stats.last;
        continue;
      }
      if (!before) return;
      // A narrowed window answered whole: on to the next one, twice as wide, open-ended once it reaches now.
      from = before;
      repeated = 0;
      widthMs *= 2;
      const next = Date.parse(from) + widthMs;
      before = next >= Date.now() ? undefined : iso(next);
    }
  }

  private *lines(table: ConsoleLogTable, answer: QueryAnswerTable | undefined, skip: number, stats: PageStats): Generator<TimedLine> {
    if (!answer) return;
    const index = (name: string) => answer.columns.findIndex((column) => column.name === name);
    const c = table.columns;
    const [time, group, container, stream, log, ingested] = [index(c.time), index(c.group), index(c.container), index(c.stream), index(c.log), index(INGESTED_COLUMN)];
    for (const row of answer.rows()) {
      const at = normalizeTime(String(row[time] ?? ''));
      if (stats.rows++ === 0) stats.first = at;
      if (at === stats.last) stats.atLast++;
      else {
        stats.last = at;
        stats.atLast = 1;
      }
      if (stats.rows <= skip) continue;
      const replica = String(row[group] ?? '');
      // `startswith "<execution>-"` also matches the replicas of an execution named `<execution>-x-...`
      // (another job whose name looks like this execution's): only `<execution>-<suffix>` is this one's.
      if (!this.isOwnReplica(replica)) continue;
      let text = String(row[log] ?? '');
      if (text.charCodeAt(text.length - 1) === 10) text = text.slice(0, text.charCodeAt(text.length - 2) === 13 ? -2 : -1);
      const ingestedAt = ingested >= 0 && typeof row[ingested] === 'string' ? (row[ingested] as string) : undefined;
      yield { time: at, source: this.sourceOf(replica, String(row[container] ?? '')), stream: String(row[stream] ?? 'stdout'), text, ...(ingestedAt ? { ingestedAt } : {}) };
    }
  }

  private isOwnReplica(replica: string): boolean {
    let own = this.ownReplica.get(replica);
    if (own === undefined) {
      const prefix = `${this.target.executionName}-`;
      own = replica.toLowerCase().startsWith(prefix.toLowerCase()) && /^[a-z0-9]+$/i.test(replica.slice(prefix.length));
      this.ownReplica.set(replica, own);
    }
    return own;
  }

  private sourceOf(replica: string, container: string): string {
    let byContainer = this.sources.get(replica);
    if (!byContainer) this.sources.set(replica, (byContainer = new Map()));
    let source = byContainer.get(container);
    if (source === undefined) byContainer.set(container, (source = `${replica}/${container}`));
    return source;
  }

  /** One query: the answer's first table, undefined for an empty answer, null when the table does not exist. */
  private async query(table: ConsoleLogTable, since: string, before: string | undefined): Promise<QueryAnswerTable | undefined | null> {
    this.queryCount++;
    const what = `Querying ${table.name} in Log Analytics workspace ${this.workspaceId}`;
    const response = await this.client.request<Buffer | { error?: QueryAnswerError }>({
      method: 'POST',
      path: resourcePath`/v1/workspaces/${this.workspaceId}/query`,
      body: { query: consoleLogQuery({ table, jobName: this.target.jobName, executionName: this.target.executionName, since, before, take: this.pageSize }) },
      what,
      idempotent: true,
      allow: [400],
      // A page of rows is read from its bytes a row at a time, never held as one string plus one object tree.
      responseType: 'bytes',
    });
    if (response.status === 400) {
      const error = parseQueryError(response.body);
      if (isMissingTable(error, table.name)) {
        this.tables.set(table.name, 'missing');
        return null;
      }
      throw new Error(`${what} failed: ${describeQueryError(error, 'HTTP 400')}.`);
    }
    this.tables.set(table.name, 'present');
    const body = response.body;
    if (!Buffer.isBuffer(body) || body.length === 0) return undefined;
    return readQueryAnswer(body);
  }
}
