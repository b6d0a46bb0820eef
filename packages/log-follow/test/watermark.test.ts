import { Watermark } from '../src/watermark.js';
import type { TimedLine } from '../src/log-analytics-reader.js';

const at = (ms: number) => new Date(ms).toISOString().replace(/Z$/, '0000Z');
const line = (time: number, ingested: number, text: string): TimedLine => ({ time: at(time), ingestedAt: at(ingested), source: 'r/c', stream: 'stdout', text });

describe('Watermark', () => {
  test('holds a line until the observed ingestion lag (plus the margin) has passed, then releases in time order', () => {
    let now = 100_000;
    const mark = new Watermark(1000, () => now);
    // Written at 90 s, ingested at 99 s: a 9 s lag. Written at 95 s, ingested (and seen) at 96 s.
    mark.push(line(95_000, 96_000, 'second'));
    mark.push(line(90_000, 99_000, 'first'));
    expect(mark.release()).toEqual([]);
    now = 101_500; // 101.5 - 9 - 1 = 91.5 s: the 90 s line may go, the 95 s one not yet.
    expect(mark.release().map((each) => each.text)).toEqual(['first']);
    now = 106_000;
    expect(mark.release().map((each) => each.text)).toEqual(['second']);
    expect(mark.size).toBe(0);
  });

  test('once a lag has been seen, a row ingested that late still prints before the lines written after it', () => {
    let now = 5_000;
    const mark = new Watermark(500, () => now);
    mark.push(line(1_000, 5_000, 'a0')); // a 4 s lag
    expect(mark.release()).toEqual([]);
    now = 9_000;
    mark.push(line(8_000, 9_000, 'b'));
    expect(mark.release().map((each) => each.text)).toEqual(['a0']);
    now = 11_000;
    mark.push(line(7_000, 11_000, 'a')); // written before b, ingested after it
    expect(mark.release()).toEqual([]);
    now = 13_000;
    expect(mark.release().map((each) => each.text)).toEqual(['a', 'b']);
  });

  test('a service clock behind the local one holds lines longer, never shorter', () => {
    let now = 50_000;
    const mark = new Watermark(0, () => now);
    // The service's clock is 5 s behind: ingestion times are 5 s before the local "now".
    mark.push(line(44_000, 45_000, 'x'));
    now = 50_500; // local - lag = 49.5 s, but the service's now is about 45.5 s: 45.5 - 1 = 44.5 ≥ 44
    expect(mark.release().map((each) => each.text)).toEqual(['x']);
    mark.push(line(45_000, 45_400, 'y'));
    expect(mark.release()).toEqual([]);
  });

  test('flush releases everything, oldest first, copies in their order', () => {
    const mark = new Watermark(60_000, () => 0);
    mark.push(line(3, 3, 'c'));
    mark.push(line(1, 1, 'a1'));
    mark.push(line(1, 1, 'a2'));
    expect(mark.flush().map((each) => each.text)).toEqual(['a1', 'a2', 'c']);
    expect(mark.flush()).toEqual([]);
  });
});
