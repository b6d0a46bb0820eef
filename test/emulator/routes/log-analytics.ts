import { KqlError } from '../kql-subset.ts';
import type { LogAnalyticsState } from '../log-analytics-state.ts';
import { json, type Route } from '../http-kit.ts';

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
          return json(404, { error: { code: 'WorkspaceNotFoundError', message: `The workspace ${params.workspace} could not be found.` } });
        }
        const query = (body as { query?: unknown } | undefined)?.query;
        if (typeof query !== 'string' || !query.trim()) {
          return json(400, { error: { code: 'BadArgumentError', message: 'The request had some invalid properties', innererror: { code: 'SyntaxError', message: 'The query is missing.' } } });
        }
        try {
          const result = state.query(query);
          return json(200, { tables: [{ name: 'PrimaryResult', columns: result.columns, rows: result.rows }] });
        } catch (error) {
          if (!(error instanceof KqlError)) throw error;
          return json(400, {
            error: {
              code: 'BadArgumentError',
              message: 'The request had some invalid properties',
              innererror: { code: error.innerCode, message: error.message },
            },
          });
        }
      },
    },
  ];
}
