import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../../../test/runner/run-step.ts';
import { describeQueryError, errorChain, isMissingTable } from '../src/query-error.js';

const recorded = (file: string) => JSON.parse(readFileSync(join(REPO_ROOT, 'test', 'emulator', 'recordings', 'log-analytics', file), 'utf8')).response.body.error;

describe('Log Analytics error chains (recorded shapes)', () => {
  test('the missing-table reason two levels down is found, for that table only', () => {
    const error = recorded('query-400-missing-table.json');
    expect(errorChain(error).map((each) => each.code)).toEqual(['BadArgumentError', 'SemanticError', 'SEM0100']);
    expect(isMissingTable(error, 'AppInsights')).toBe(true);
    expect(isMissingTable(error, 'ContainerAppConsoleLogs')).toBe(false);
  });

  test('a column that does not resolve is not a missing table', () => {
    const error = structuredClone(recorded('query-400-missing-table.json'));
    error.innererror.innererror.message = "'where' operator: Failed to resolve scalar expression named 'ContainerJobName_s'";
    expect(isMissingTable(error, 'ContainerAppConsoleLogs_CL')).toBe(false);
  });

  test('a description names every code, the innermost message and the correlation id', () => {
    expect(describeQueryError(recorded('query-400-missing-table.json'), 'HTTP 400')).toBe(
      "BadArgumentError / SemanticError / SEM0100: 'where' operator: Failed to resolve table or column expression named 'AppInsights' (correlationId d215782f-99e5-4f0d-9a9a-aba25c937179)",
    );
    expect(describeQueryError(recorded('query-200-partial.json'), 'PartialError')).toMatch(/^PartialError \/ EngineError \/ -2133196788: Percentiles aggregator/);
    expect(describeQueryError(undefined, 'HTTP 400')).toBe('HTTP 400');
  });
});
