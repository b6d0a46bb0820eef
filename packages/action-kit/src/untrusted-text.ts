/**
 * Makes text from a remote source (a job's or a build's log, a status word, an image name, an error
 * text from Azure or GitHub) safe to print in a step: no line of it can run a workflow command.
 *
 * How actions/runner reads a step's output (`OutputManager.cs`, `ActionCommand.cs`,
 * `ActionCommandManager.cs`): stdout and stderr are split into lines at `\r\n`, `\r` or `\n`; every
 * line containing `::` or `##[` is tried as a command, first in the `::name props::data` form after
 * `TrimStart()` (every .NET white-space character), then in the legacy `##[name props]data` form,
 * found anywhere in the line. The command name is read at a fixed offset after the `::` or `##[`
 * (2 or 3 characters), and the prefixes are found with culture-sensitive (ICU) comparisons, which
 * skip zero-width and other ignorable characters; so only the literal forms can ever name a command.
 *
 * Both literal forms are defused with a look-alike that differs in every comparison: the first colon
 * of a leading `::` becomes `∶` (U+2236 RATIO) and the bracket of every `##[` becomes `［` (U+FF3B),
 * so the line reads as it was written and is shown, never executed. A zero-width character would not
 * do: ICU ignores it, so the prefix would still match.
 *
 * `::stop-commands::` is not used for this: while commands are stopped, the step's own
 * `::add-mask::` for a token issued meanwhile would be printed in clear instead of masking it.
 */
export function neutraliseWorkflowCommands(text: string): string {
  if (!text.includes('::') && !text.includes('##[')) return text;
  return text.replace(LEADING_COMMAND, '$1\u2236').replace(LEGACY_COMMAND, '##\uff3b');
}

/**
 * Characters .NET's `Char.IsWhiteSpace` accepts (what `string.TrimStart()` removes): U+0009–U+000D,
 * space, U+0085, U+00A0, U+1680, U+2000–U+200A, U+2028, U+2029, U+202F, U+205F, U+3000. `\r` and `\n`
 * end the runner's line, so they are line starts below rather than part of the run.
 */
const DOTNET_WHITE_SPACE = '\\t\\v\\f \\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';

/** A runner line (text start, or after `\r` or `\n`) whose first non-white-space characters are `::`. */
const LEADING_COMMAND = new RegExp(`((?:^|[\\r\\n])[${DOTNET_WHITE_SPACE}]*):(?=:)`, 'g');

/** `##[` anywhere. */
const LEGACY_COMMAND = /##\[/g;
