import type { QueryAnswerError } from './query-answer.js';

/**
 * A Log Analytics error and every error under it (`innererror` chains and `details`), outermost
 * first. The reason of a 400 sits two levels down (Azure/azure-sdk-for-python
 * sdk/monitor/azure-monitor-query/tests/recordings/
 * test_logs_client.pyTestLogsClienttest_logs_single_query_with_non_200.json: BadArgumentError →
 * SemanticError → SEM0100), the reason of a PartialError in `details[].innererror`.
 */
export function errorChain(error: QueryAnswerError | undefined): QueryAnswerError[] {
  const chain: QueryAnswerError[] = [];
  const visit = (each: QueryAnswerError | undefined, depth: number) => {
    if (!each || typeof each !== 'object' || depth > 16) return;
    chain.push(each);
    visit(each.innererror, depth + 1);
    if (Array.isArray(each.details)) for (const detail of each.details) visit(detail, depth + 1);
  };
  visit(error, 0);
  return chain;
}

/** Whether the error says the query's table does not exist in the workspace. */
export function isMissingTable(error: QueryAnswerError | undefined, table: string): boolean {
  return errorChain(error).some((each) => {
    const message = typeof each.message === 'string' ? each.message : '';
    // SEM0100 "'where' operator: Failed to resolve table or column expression named 'X'": only when X is the table.
    return /failed to resolve table|could not be found|unknown table/i.test(message) && message.includes(`'${table}'`);
  });
}

/** One line naming every code in the chain, the innermost message and the correlation id (for support). */
export function describeQueryError(error: QueryAnswerError | undefined, fallback: string): string {
  const chain = errorChain(error);
  if (!chain.length) return fallback;
  const codes = chain.map((each) => each.code).filter((code): code is string => typeof code === 'string' && code !== '');
  const innermost = [...chain].reverse().find((each) => typeof each.message === 'string' && each.message)?.message;
  const correlation = chain.find((each) => typeof each.correlationId === 'string')?.correlationId;
  return `${codes.join(' / ') || fallback}${innermost ? `: ${innermost}` : ''}${correlation ? ` (correlationId ${correlation})` : ''}`;
}

/** The `error` of a Log Analytics error answer, whether the client left the body as bytes or parsed it. */
export function parseQueryError(body: unknown): QueryAnswerError | undefined {
  try {
    const value = Buffer.isBuffer(body) ? (JSON.parse(body.toString('utf8')) as { error?: QueryAnswerError }) : (body as { error?: QueryAnswerError } | undefined);
    return value?.error;
  } catch {
    return undefined;
  }
}
