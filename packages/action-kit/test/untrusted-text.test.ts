import { neutraliseWorkflowCommands } from '../src/untrusted-text.js';

describe('neutraliseWorkflowCommands', () => {
  test.each([
    ['::error::boom', ':\u200b:error::boom'],
    ['  ::add-mask::x', '  :\u200b:add-mask::x'],
    ['ok\n::set-output name=a::b\nok', 'ok\n:\u200b:set-output name=a::b\nok'],
    ['a\r::stop-commands::t', 'a\r:\u200b:stop-commands::t'],
    ['time=1 msg=a::b', 'time=1 msg=a::b'],
    [':single colon', ':single colon'],
  ])('%j', (input, expected) => expect(neutraliseWorkflowCommands(input)).toBe(expected));
});
