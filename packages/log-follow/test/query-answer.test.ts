import { OccurrenceCounter } from '../src/occurrence-counter.js';
import { readQueryAnswer } from '../src/query-answer.js';

const rowsOf = (value: unknown, text = JSON.stringify(value)) => {
  const table = readQueryAnswer(Buffer.from(text, 'utf8'));
  return table ? { columns: table.columns.map((column) => column.name), rows: [...table.rows()] } : undefined;
};

describe('readQueryAnswer', () => {
  const columns = [
    { name: 'TimeGenerated', type: 'datetime' },
    { name: 'Log', type: 'string' },
  ];
  test('rows with brackets, braces, quotes, escapes and multi-byte text are read exactly', () => {
    const rows = [
      ['2026-11-23T10:00:00Z', 'plain'],
      ['2026-11-23T10:00:01Z', '] [ } { , "quoted" \\ \\" \n\t'],
      ['2026-11-23T10:00:02Z', 'ünïcødé ✓ 😀 – "],["'],
      ['2026-11-23T10:00:03Z', null],
    ];
    expect(rowsOf({ tables: [{ name: 'PrimaryResult', columns, rows }] })).toEqual({ columns: ['TimeGenerated', 'Log'], rows });
  });
  test('whitespace, key order and other tables do not matter; only the first table is read', () => {
    const answer = { tables: [{ rows: [['t1', 'a'], ['t2', 'b']], name: 'PrimaryResult', columns }, { name: 'Other', columns, rows: [['x', 'y']] }] };
    expect(rowsOf(answer, JSON.stringify(answer, null, 2))).toEqual({ columns: ['TimeGenerated', 'Log'], rows: [['t1', 'a'], ['t2', 'b']] });
  });
  test('a key named "rows" elsewhere, or inside a row, is not taken for the rows', () => {
    const answer = { statistics: { rows: [['no']] }, tables: [{ name: 'PrimaryResult', columns, rows: [['t1', '"rows":[["x"]]'], ['t2', '{"rows":[1]}']] }] };
    expect(rowsOf(answer)?.rows).toEqual([['t1', '"rows":[["x"]]'], ['t2', '{"rows":[1]}']]);
  });
  test('no rows, no tables, and bytes that are not JSON', () => {
    expect(rowsOf({ tables: [{ name: 'PrimaryResult', columns, rows: [] }] })?.rows).toEqual([]);
    expect(rowsOf({ tables: [] })).toBeUndefined();
    expect(() => rowsOf(undefined, '{"tables":[{"columns":[],"rows":[["a"')).toThrow();
    expect(() => rowsOf(undefined, '<html>')).toThrow();
  });
});

describe('OccurrenceCounter', () => {
  test('copies are counted per time, and a burst at one time is counted right', () => {
    const counter = new OccurrenceCounter();
    expect(counter.next('t1', 'a')).toBe(1);
    expect(counter.next('t1', 'b')).toBe(1);
    expect(counter.next('t1', 'a')).toBe(2);
    expect(counter.next('t2', 'a')).toBe(1);
    const burst = Array.from({ length: 100 }, (_, index) => counter.next('t3', index % 2 ? 'odd' : 'even'));
    expect(burst.slice(-2)).toEqual([50, 50]);
    expect(counter.next('t4', 'odd')).toBe(1);
  });
});
