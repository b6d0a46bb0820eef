import { neutraliseWorkflowCommands } from '../src/untrusted-text.js';

/** Every character .NET's Char.IsWhiteSpace accepts except the line breaks \n and \r. */
const DOTNET_WHITE_SPACE = ['\t', '\v', '\f', ' ', '\u0085', '\u00a0', '\u1680', ...Array.from({ length: 11 }, (_, i) => String.fromCharCode(0x2000 + i)), '\u2028', '\u2029', '\u202f', '\u205f', '\u3000'];

describe('neutraliseWorkflowCommands', () => {
  test.each([
    ['::error::boom', '\u2236:error::boom'],
    ['  ::add-mask::x', '  \u2236:add-mask::x'],
    ['ok\n::set-output name=a::b\nok', 'ok\n\u2236:set-output name=a::b\nok'],
    ['a\r::stop-commands::t', 'a\r\u2236:stop-commands::t'],
    ['a\r\n::stop-commands::t', 'a\r\n\u2236:stop-commands::t'],
    ['migrating "acme ##[stop-commands]x9q"', 'migrating "acme ##\uff3bstop-commands]x9q"'],
    ['##[group]a ##[error]b', '##\uff3bgroup]a ##\uff3berror]b'],
    [':::x', '\u2236::x'],
    ['time=1 msg=a::b', 'time=1 msg=a::b'],
    [':single colon', ':single colon'],
    ['#5 [2/4] RUN npm ci', '#5 [2/4] RUN npm ci'],
  ])('%j', (input, expected) => expect(neutraliseWorkflowCommands(input)).toBe(expected));

  test.each(DOTNET_WHITE_SPACE.map((char) => [`U+${char.charCodeAt(0).toString(16).padStart(4, '0')}`, char]))('%s before :: is white space to the runner', (_name, char) => {
    expect(neutraliseWorkflowCommands(`${char}::stop-commands::x`)).toBe(`${char}\u2236:stop-commands::x`);
    expect(neutraliseWorkflowCommands(`ok\n${char}${char}::add-mask::x`)).toBe(`ok\n${char}${char}\u2236:add-mask::x`);
  });

  test('a line still reads as written: one look-alike character, nothing added or removed', () => {
    for (const line of ['::error::boom', 'x ##[set-output name=status]Succeeded', '\u00a0::save-state name=a::b']) {
      const shown = neutraliseWorkflowCommands(line);
      expect(shown).not.toBe(line);
      expect(shown).toHaveLength(line.length);
      expect([...shown].filter((char, index) => char !== [...line][index])).toHaveLength(1);
    }
  });
});
