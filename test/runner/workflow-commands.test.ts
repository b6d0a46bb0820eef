import { readFileSync } from 'node:fs';
import { neutraliseWorkflowCommands } from '../../packages/action-kit/src/untrusted-text.ts';
import { findLeaks, registerSecret } from './secret-guard.ts';
import { parseWorkflowCommands } from './workflow-commands.ts';

interface HostileLine {
  text: string;
  /** The command the runner would run for this text as written, or null. */
  runs: string | null;
  note: string;
}

const corpus = JSON.parse(readFileSync(new URL('../e2e/hostile-lines.json', import.meta.url), 'utf8')) as HostileLine[];

describe('runner-faithful parsing of workflow commands', () => {
  test('the corpus is large and hostile: at least 80 lines, most of them real commands to the runner', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(80);
    expect(corpus.filter((line) => line.runs).length).toBeGreaterThanOrEqual(70);
  });

  test.each(corpus.map((line) => [line.note, line]))('%s: the runner runs what the corpus says; once neutralised, nothing', (_note, line) => {
    const raw = parseWorkflowCommands(`${line.text}\n`);
    expect(raw.executed[0]?.command ?? null).toBe(line.runs);
    const neutralised = parseWorkflowCommands(`${neutraliseWorkflowCommands(line.text)}\n`);
    expect(neutralised.executed).toEqual([]);
    expect(neutralised.masks).toEqual([]);
    expect(neutralised.outputs).toEqual({});
    expect(neutralised.state).toEqual({});
    expect(neutralised.commandFailed).toBe(false);
  });

  test('V2 after .NET white space, the legacy form anywhere, names in any case, unescaped as the runner does', () => {
    const parsed = parseWorkflowCommands(
      ['\u00a0::set-output name=status::Succeeded', 'x ##[SAVE-STATE NAME=run-id]r%3Bun', '::warning file=a%2Cb.sql,line=3::one%0Atwo', '##[error]legacy %5D'].join('\n'),
    );
    expect(parsed.outputs).toEqual({ status: 'Succeeded' });
    expect(parsed.state).toEqual({ 'run-id': 'r;un' });
    expect(parsed.annotations.filter((a) => a.level !== 'warning' || a.properties.file)).toEqual([
      { level: 'warning', message: 'one\ntwo', properties: { file: 'a,b.sql', line: '3' } },
      { level: 'error', message: 'legacy ]', properties: {} },
    ]);
  });

  test('lines end at \\r, \\n and \\r\\n, also across chunks and on stderr', () => {
    const parsed = parseWorkflowCommands([
      { stream: 'stdout', text: 'a\r::add-mask::one-secret\r' },
      { stream: 'stderr', text: '::add-mask::two-secret\n' },
      { stream: 'stdout', text: '\nshow one-secret two-secret\n' },
    ]);
    // The stdout line ending in a lone \r waits for the next stdout chunk (it could be \r\n).
    expect(parsed.masks).toEqual(['two-secret', 'one-secret']);
    expect(parsed.displayed).toEqual(['a', 'show *** ***']);
    expect(parsed.unmasked).toEqual(['a', 'show one-secret two-secret']);
  });

  test('stop-commands: nothing runs until the token, the token is masked, echo shows commands', () => {
    const parsed = parseWorkflowCommands(['::stop-commands::pause-token-1', '::add-mask::not-a-mask', '##[error]not an error', '::PAUSE-TOKEN-1::', '::echo::on', '::group::g', '::add-mask::real-mask'].join('\n'));
    expect(parsed.masks).toEqual(['pause-token-1', 'real-mask']);
    expect(parsed.annotations).toEqual([]);
    // Masking is ordinal: the upper-case resume line is shown as written. `echo` itself is not echoed.
    expect(parsed.displayed).toEqual(['::stop-commands::***', '::add-mask::not-a-mask', '##[error]not an error', '::PAUSE-TOKEN-1::', '::group::g', '▸ g', '::add-mask::***']);
  });

  test('an annotation built from remote text stays one command: @actions/core escapes %, \\r and \\n', async () => {
    const core = await import('@actions/core');
    const written: string[] = [];
    const write = process.stdout.write;
    process.stdout.write = ((chunk: string | Uint8Array) => written.push(String(chunk)) > 0) as typeof process.stdout.write;
    const remote = 'Azure said: boom\r\n::add-mask::x\r##[stop-commands]y 100%0A';
    try {
      core.error(remote, { title: 'a::b,c' });
    } finally {
      process.stdout.write = write;
    }
    const parsed = parseWorkflowCommands(written.join(''));
    expect(parsed.executed.map((command) => command.command)).toEqual(['error']);
    expect(parsed.annotations).toEqual([{ level: 'error', message: remote, properties: { title: 'a::b,c' } }]);
  });

  test('commands the runner refuses fail the step', () => {
    for (const line of ['::set-env name=A::1', '::add-path::/x', '::set-output::no-name', '::echo::maybe', '::stop-commands::error']) {
      expect(parseWorkflowCommands(line).commandFailed).toBe(true);
    }
  });
});

describe('the secret guard sees what the runner shows', () => {
  test('regression: a stop-commands after a no-break space, or in the legacy form mid-line, makes the next ::add-mask:: print its token', () => {
    const token = 'refreshed-arm-token-1b9c2d7e';
    registerSecret(token);
    for (const hostile of ['\u00a0::stop-commands::x9q', 'migrating "acme ##[stop-commands]x9q"']) {
      const stdout = `job line\n${hostile}\n::add-mask::${token}\nCalling ARM\n`;
      // What the harness used to do: only a line starting with "::stop-commands::" stops commands, so
      // the add-mask line looked consumed and nothing leaked.
      const naive = stdout.split('\n').filter((line) => !line.startsWith('::add-mask::'));
      expect(findLeaks(naive.join('\n'))).toEqual([]);
      // The runner stops processing commands: the add-mask line is printed, token and all.
      const parsed = parseWorkflowCommands(stdout);
      expect(parsed.stoppedAtEnd).toBe(true);
      expect(parsed.masks).toEqual([]);
      expect(parsed.displayed).toContain(`::add-mask::${token}`);
      expect(findLeaks(parsed.unmasked.join('\n'))).toHaveLength(1);
      // Neutralised, the same job line is shown and the mask works.
      const safe = parseWorkflowCommands(`job line\n${neutraliseWorkflowCommands(hostile)}\n::add-mask::${token}\n`);
      expect(safe.masks).toEqual([token]);
      expect(findLeaks(safe.unmasked.join('\n'))).toEqual([]);
    }
  });
});
