import { LineLedger } from '../src/line-ledger.js';
import { normalizeTime, parseStreamLine } from '../src/log-line.js';

const at = (time: string, text: string) => ({ time, stream: 'stdout', source: 'r1/c', text });

describe('parseStreamLine', () => {
  test('runtime format', () => {
    expect(parseStreamLine('2026-11-23T10:00:00.000000Z stdout F migrated 3 tables', 'r1/c')).toEqual({ time: '2026-11-23T10:00:00.0000000Z', stream: 'stdout', source: 'r1/c', text: 'migrated 3 tables' });
    expect(parseStreamLine('2026-11-23T10:00:00.5Z stderr P partial', 'r1/c').stream).toBe('stderr');
  });
  test('plain lines keep their text and have no time', () => {
    expect(parseStreamLine('hello | world "x"', 'r1/c')).toEqual({ stream: 'stdout', source: 'r1/c', text: 'hello | world "x"' });
  });
  test('times are normalised to 7 fraction digits in UTC', () => {
    expect(normalizeTime('2026-11-23T10:00:00Z')).toBe('2026-11-23T10:00:00.0000000Z');
    expect(normalizeTime('2026-11-23T10:00:00.123456789Z')).toBe('2026-11-23T10:00:00.1234567Z');
    expect(normalizeTime('2026-11-23T12:00:00.5+02:00')).toBe('2026-11-23T10:00:00.5000000Z');
  });
});

describe('LineLedger', () => {
  test('a line seen live is not printed again from Log Analytics', () => {
    const ledger = new LineLedger();
    ledger.recordLive(at('2026-11-23T10:00:00.0000000Z', 'a'));
    expect(ledger.claim(at('2026-11-23T10:00:00.0000000Z', 'a'), 1)).toBe(false);
    expect(ledger.claim(at('2026-11-23T10:00:00.0000000Z', 'b'), 1)).toBe(true);
  });

  test('identical lines at the same time each print once', () => {
    const ledger = new LineLedger();
    ledger.recordLive(at('2026-11-23T10:00:00.0000000Z', 'same'));
    expect(ledger.claim(at('2026-11-23T10:00:00.0000000Z', 'same'), 1)).toBe(false);
    expect(ledger.claim(at('2026-11-23T10:00:00.0000000Z', 'same'), 2)).toBe(true);
    // The next overlapping query returns both again: neither prints.
    expect(ledger.claim(at('2026-11-23T10:00:00.0000000Z', 'same'), 1)).toBe(false);
    expect(ledger.claim(at('2026-11-23T10:00:00.0000000Z', 'same'), 2)).toBe(false);
  });

  test('a live line without a time is matched by text', () => {
    const ledger = new LineLedger();
    ledger.recordLive({ stream: 'stdout', source: 'r1/c', text: 'plain' });
    expect(ledger.claim(at('2026-11-23T10:00:00.0000000Z', 'plain'), 1)).toBe(false);
    expect(ledger.claim(at('2026-11-23T10:00:01.0000000Z', 'plain'), 1)).toBe(true);
  });

  test('memory is bounded: old entries are forgotten', () => {
    const ledger = new LineLedger();
    for (let second = 0; second < 50; second++) ledger.claim(at(`2026-11-23T10:00:${String(second).padStart(2, '0')}.0000000Z`, 'x'.repeat(200)), 1);
    expect(ledger.size).toBe(50);
    ledger.forgetBefore('2026-11-23T10:00:40.0000000Z');
    expect(ledger.size).toBe(10);
  });

  test('the same text from another source or stream at the same time is another line, with many sources too', () => {
    const ledger = new LineLedger();
    const time = '2026-11-23T10:00:00.0000000Z';
    for (let replica = 0; replica < 300; replica++) {
      for (const stream of ['stdout', 'stderr']) expect(ledger.claim({ time, stream, source: `r${replica}/c`, text: 'same' }, 1)).toBe(true);
    }
    for (let replica = 0; replica < 300; replica++) expect(ledger.claim({ time, stream: 'stderr', source: `r${replica}/c`, text: 'same' }, 1)).toBe(false);
    expect(ledger.size).toBe(600);
    ledger.forgetBefore('2026-11-23T10:00:01.0000000Z');
    expect(ledger.size).toBe(0);
  });
});
