import { resourcePath, type RestClient } from '@te-actions/azure-auth';
import { normalizeTime } from './log-line.js';
import { readQueryAnswer, type QueryAnswerError } from './query-answer.js';
import { describeQueryError, isMissingTable, parseQueryError } from './query-error.js';
import { SYSTEM_LOG_TABLES, systemLogQuery, type SystemLogTable } from './system-log-query.js';

/** One platform event the service recorded for a replica or a job. */
export interface SystemEvent {
  time: string;
  replica: string;
  container: string;
  reason: string;
  /** Normal or Warning. */
  type: string;
  log: string;
}

export interface SystemLogRequest {
  client: RestClient;
  workspaceId: string;
  since: string;
  executionName?: string;
  jobName?: string;
  take?: number;
}

/**
 * Reads system events from both tables (whichever exist: a missing table is not an error), oldest
 * first. `tablesFound` tells whether any system log table exists in the workspace.
 */
export async function readSystemEvents(request: SystemLogRequest): Promise<{ events: SystemEvent[]; tablesFound: number }> {
  const events: SystemEvent[] = [];
  let tablesFound = 0;
  for (const table of SYSTEM_LOG_TABLES) {
    const rows = await queryTable(request, table);
    if (rows === null) continue;
    tablesFound++;
    events.push(...rows);
  }
  events.sort((a, b) => (a.time < b.time ? -1 : a.time > b.time ? 1 : 0));
  return { events, tablesFound };
}

async function queryTable(request: SystemLogRequest, table: SystemLogTable): Promise<SystemEvent[] | null> {
  const response = await request.client.request<Buffer | { error?: QueryAnswerError }>({
    method: 'POST',
    path: resourcePath`/v1/workspaces/${request.workspaceId}/query`,
    body: { query: systemLogQuery({ table, since: request.since, take: request.take ?? 500, executionName: request.executionName, jobName: request.jobName }) },
    what: `Querying ${table.name} in Log Analytics workspace ${request.workspaceId}`,
    idempotent: true,
    allow: [400],
    responseType: 'bytes',
  });
  if (response.status === 400) {
    const error = parseQueryError(response.body);
    if (isMissingTable(error, table.name)) return null;
    throw new Error(`Querying ${table.name} in Log Analytics workspace ${request.workspaceId} failed: ${describeQueryError(error, 'HTTP 400')}.`);
  }
  const body = response.body;
  if (!Buffer.isBuffer(body) || body.length === 0) return [];
  const answer = readQueryAnswer(body);
  if (!answer) return [];
  // A 200 with an error beside its rows (PartialError) may lack rows: not used, so the caller asks again.
  if (answer.error) throw new Error(`Querying ${table.name} in Log Analytics workspace ${request.workspaceId} answered incomplete rows: ${describeQueryError(answer.error, 'PartialError')}.`);
  const c = table.columns;
  const index = (name: string) => answer.columns.findIndex((column) => column.name === name);
  const [time, replica, container, reason, type, log] = [index(c.time), index(c.replica), index(c.container), index(c.reason), index(c.type), index(c.log)];
  const text = (row: unknown[], at: number) => (at < 0 || row[at] === null || row[at] === undefined ? '' : String(row[at]));
  const events: SystemEvent[] = [];
  for (const row of answer.rows()) {
    events.push({ time: normalizeTime(text(row, time)), replica: text(row, replica), container: text(row, container), reason: text(row, reason), type: text(row, type), log: text(row, log) });
  }
  return events;
}
