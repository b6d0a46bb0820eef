import { PassThrough } from 'node:stream';
import { LinePrinter } from '../src/line-printer.js';

function printed(lines: string[]): string {
  const out = new PassThrough();
  let text = '';
  out.on('data', (chunk) => (text += chunk));
  const printer = new LinePrinter(out);
  printer.open('Logs of execution run-1');
  for (const line of lines) printer.line(line);
  printer.close();
  return text;
}

describe('LinePrinter', () => {
  test('prints lines inside a group, in order', () => {
    expect(printed(['a', 'b'])).toBe('::group::Logs of execution run-1\na\nb\n::endgroup::\n');
  });
  test('job lines cannot run workflow commands, even after an embedded newline', () => {
    const text = printed(['::add-mask::x', '  ::error::boom', 'ok\n::set-output name=a::b', 'not :: a command']);
    const commands = text.split('\n').filter((line) => /^\s*::/.test(line));
    expect(commands).toEqual(['::group::Logs of execution run-1', '::endgroup::']);
    expect(text).toContain('\u2236:add-mask::x');
    expect(text).toContain('not :: a command');
  });
  test('counts lines and writes large logs in few chunks', () => {
    const out = new PassThrough();
    let writes = 0;
    out.on('data', () => writes++);
    const printer = new LinePrinter(out);
    for (let index = 0; index < 20_000; index++) printer.line(`line ${index}`);
    printer.flush();
    expect(printer.count).toBe(20_000);
    expect(writes).toBeLessThan(20);
  });
});
