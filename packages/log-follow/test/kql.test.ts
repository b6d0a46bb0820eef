import { runKql, type KqlTable } from '../../../test/emulator/kql-subset.ts';
import { CONSOLE_LOG_TABLES, consoleLogQuery, kqlDatetime, kqlString } from '../src/kql.js';

const table = CONSOLE_LOG_TABLES[0]!;

function tableWith(groups: string[]): Map<string, KqlTable> {
  return new Map([
    [
      table.name,
      {
        columns: [
          { name: 'TimeGenerated', type: 'datetime' },
          { name: 'ContainerJobName_s', type: 'string' },
          { name: 'ContainerGroupName_s', type: 'string' },
          { name: 'ContainerName_s', type: 'string' },
          { name: 'Stream_s', type: 'string' },
          { name: 'Log_s', type: 'string' },
        ],
        rows: groups.map((group, index) => ({ TimeGenerated: `2026-11-23T10:00:0${index}.0000000Z`, ContainerJobName_s: index % 2 ? 'other-job' : 'job', ContainerGroupName_s: group, ContainerName_s: 'c', Stream_s: 'stdout', Log_s: `from ${index}` })),
      } satisfies KqlTable,
    ],
  ]);
}

describe('kqlString', () => {
  test.each([
    ['plain', 'abc', '"abc"'],
    ['double quote', 'a"b', '"a\\"b"'],
    ['backslash', 'a\\b', '"a\\\\b"'],
    ['newline', 'a\nb', '"a\\nb"'],
    ['pipe', 'a | take 1', '"a | take 1"'],
  ])('%s', (_name, value, literal) => expect(kqlString(value)).toBe(literal));

  test('values with quotes, pipes, backslashes and newlines match exactly and cannot change the query', () => {
    const hostile = ['x" or ContainerGroupName_s startswith "', 'a | take 100000 | where 1 == 1', 'line\nbreak\r\t', 'back\\"slash\\', "single'quote"];
    for (const [index, value] of hostile.entries()) {
      const groups = [`${value}-r1`, 'other-', 'x-r2', ...hostile.filter((each) => each !== value).map((each) => `${each}-zz`)];
      const query = consoleLogQuery({ table, jobName: 'job', executionName: value, since: '2026-11-23T09:00:00.0000000Z', take: 10 });
      const result = runKql(query, tableWith(groups));
      expect({ index, rows: result.rows.map((row) => row[1]) }).toEqual({ index, rows: [`${value}-r1`] });
    }
  });

  test('datetimes must be UTC ISO times', () => {
    expect(kqlDatetime('2026-11-23T10:00:00.1234567Z')).toBe('datetime(2026-11-23T10:00:00.1234567Z)');
    expect(() => kqlDatetime('2026-11-23) | take 1 | (')).toThrow('Not a UTC ISO 8601 time');
  });

  test('the query orders oldest first with tie-breakers and a page size', () => {
    const query = consoleLogQuery({ table, jobName: 'run', executionName: 'run-1', since: '2026-11-23T09:00:00.0000000Z', before: '2026-11-23T09:30:00.000Z', take: 500 });
    expect(query).toBe(
      'ContainerAppConsoleLogs_CL | where ContainerJobName_s == "run" and ContainerGroupName_s startswith "run-1-" and TimeGenerated >= datetime(2026-11-23T09:00:00.0000000Z) and TimeGenerated < datetime(2026-11-23T09:30:00.000Z) | extend IngestedAt = ingestion_time() | project TimeGenerated, ContainerGroupName_s, ContainerName_s, Stream_s, Log_s, IngestedAt | order by TimeGenerated asc, ContainerGroupName_s asc, ContainerName_s asc | take 500',
    );
  });
});

describe('emulated KQL subset', () => {
  const tables = tableWith(['a-1', 'b-1', 'a-2']);
  test('where, project, order by, take', () => {
    const result = runKql('ContainerAppConsoleLogs_CL | where ContainerGroupName_s startswith "a-" | project Log_s | order by Log_s desc | take 1', tables);
    expect(result).toEqual({ columns: [{ name: 'Log_s', type: 'string' }], rows: [['from 2']] });
  });
  test('datetime comparison', () => {
    const result = runKql('ContainerAppConsoleLogs_CL | where TimeGenerated > datetime(2026-11-23T10:00:00.5Z) | project Log_s | order by Log_s asc', tables);
    expect(result.rows).toEqual([['from 1'], ['from 2']]);
  });
  test.each([
    ['unknown operator', 'ContainerAppConsoleLogs_CL | summarize count()', 'SyntaxError'],
    ['unknown table', 'ContainerAppConsoleLogs | take 1', 'SemanticError'],
    ['unknown column', 'ContainerAppConsoleLogs_CL | project Nope', 'SemanticError'],
    ['unsupported comparison', 'ContainerAppConsoleLogs_CL | where Log_s contains "x"', 'SyntaxError'],
    ['unterminated string', 'ContainerAppConsoleLogs_CL | where Log_s == "x', 'SyntaxError'],
  ])('%s is refused', (_name, query, code) => {
    expect(() => runKql(query, tables)).toThrow(expect.objectContaining({ innerCode: code }));
  });
});
