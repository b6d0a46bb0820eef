import { randomUUID } from 'node:crypto';
import { KqlError } from '../kql-subset.ts';
import type { LogAnalyticsState } from '../log-analytics-state.ts';
import { json, type Route } from '../http-kit.ts';

/*
 * Answers as recorded by the Azure SDK for Python (Azure/azure-sdk-for-python,
 * sdk/monitor/azure-monitor-query/tests/recordings/):
 * - 200 `{tables: [{name: "PrimaryResult", columns: [{name, type}], rows}]}`:
 *   test_logs_client.pyTestLogsClienttest_logs_single_query.json;
 * - 400 BadArgumentError with the reason two levels down (SemanticError → SEM0100 "'where' operator:
 *   Failed to resolve table or column expression named '…'") and a correlationId:
 *   test_logs_client.pyTestLogsClienttest_logs_single_query_with_non_200.json;
 * - 200 with `tables` and `error: {code: "PartialError", message, details: [{code: "EngineError",
 *   message, innererror: {code, message, severity, severityName}}]}`:
 *   test_exceptions.pyTestQueryExceptionstest_logs_single_query_partial_exception.json;
 * - 404 PathNotFoundError for an unknown workspace path:
 *   test_exceptions.pyTestQueryExceptionstest_logs_single_query_fatal_exception.json.
 * Trimmed copies are in test/emulator/recordings/log-analytics/.
 */

function queryError(state: LogAnalyticsState, error: KqlError | { innerCode: 'SyntaxError'; code: string; message: string }) {
  const reason = { code: error.code, message: error.message };
  const inner =
    state.errorShape === 'flat'
      ? { code: error.innerCode, message: error.message }
      : { code: error.innerCode, message: error.innerCode === 'SemanticError' ? 'A semantic error occurred.' : 'A recognition error occurred in the query.', innererror: reason };
  return json(400, { error: { message: 'The request had some invalid properties', code: 'BadArgumentError', correlationId: randomUUID(), innererror: inner } });
}

function partialError() {
  return {
    code: 'PartialError',
    message: 'There were some errors when processing your query.',
    details: [
      {
        code: 'EngineError',
        message: 'Something went wrong processing your query on the server.',
        innererror: { code: '-2133196788', message: 'Query result set has exceeded the internal data size limit (E_QUERY_RESULT_SET_TOO_LARGE; see https://aka.ms/kustoqueryfailures).', severity: 2, severityName: 'Error' },
      },
    ],
  };
}

/** Log Analytics query API: POST /v1/workspaces/{id}/query with a small KQL subset. */
export function logAnalyticsRoutes(state: LogAnalyticsState): Route[] {
  return [
    {
      id: 'loganalytics.query',
      method: 'POST',
      path: /^\/v1\/workspaces\/(?<workspace>[^/]+)\/query$/,
      auth: 'arm',
      handler: ({ params, json: body }) => {
        if (params.workspace!.toLowerCase() !== state.workspaceId.toLowerCase()) {
          return json(404, { error: { message: 'The requested path does not exist', code: 'PathNotFoundError', correlationId: randomUUID() } });
        }
        const query = (body as { query?: unknown } | undefined)?.query;
        if (typeof query !== 'string' || !query.trim()) return queryError(state, { innerCode: 'SyntaxError', code: 'SYN0002', message: 'The query is missing.' });
        try {
          const result = state.query(query);
          let rows = result.rows;
          let error: ReturnType<typeof partialError> | undefined;
          if (state.partialNext > 0) {
            state.partialNext--;
            rows = rows.slice(0, Math.floor(rows.length / 2));
            error = partialError();
          } else if (state.partialAboveRows !== undefined && rows.length > state.partialAboveRows) {
            rows = rows.slice(0, state.partialAboveRows);
            error = partialError();
          }
          if (error) state.partialAnswers++;
          return json(200, { tables: [{ name: 'PrimaryResult', columns: result.columns, rows }], ...(error ? { error } : {}) });
        } catch (error) {
          if (!(error instanceof KqlError)) throw error;
          return queryError(state, error);
        }
      },
    },
  ];
}
