import { BuildLogPrinter } from '../src/build-log-printer.js';

describe('BuildLogPrinter', () => {
  test('prints whole lines once, even when reads split a line or a UTF-8 character; commands in the log are neutralised', () => {
    const out: string[] = [];
    const printer = new BuildLogPrinter((text) => out.push(text));
    const bytes = Buffer.from('Step 1/2 : FROM alpine\n ✓ done — ok\n::set-output name=x::y\nlast line');
    // Split inside the 3-byte "✓".
    const split = bytes.indexOf(Buffer.from('✓')) + 1;
    printer.push(bytes.subarray(0, split));
    printer.push(bytes.subarray(split, split + 5));
    printer.push(bytes.subarray(split + 5));
    printer.end();
    const text = out.join('');
    expect(text.split('\n')).toEqual(['Step 1/2 : FROM alpine', ' ✓ done — ok', '\u2236:set-output name=x::y', 'last line', '']);
    expect(printer.lines).toBe(4);
  });

  test('nothing printed', () => {
    const out: string[] = [];
    const printer = new BuildLogPrinter((text) => out.push(text));
    printer.push(new Uint8Array());
    printer.end();
    expect(out).toEqual([]);
  });
});
