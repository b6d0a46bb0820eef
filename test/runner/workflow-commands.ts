/**
 * What the Actions runner makes of a step's output, following actions/runner:
 * - `src/Runner.Sdk/ProcessInvoker.cs`: stdout and stderr are read with `StreamReader.ReadLine()`, so
 *   a line ends at `\r\n`, `\r` or `\n`; both streams go through an `OutputManager` and share one
 *   `ActionCommandManager` (`Handlers/NodeScriptActionHandler.cs`).
 * - `src/Runner.Worker/Handlers/OutputManager.cs`: a line containing `##[` or `::` is offered to the
 *   command manager; what it does not take is printed (after `##[start-action`/`##[end-action` are
 *   defused), masked by the secret masker.
 * - `src/Runner.Common/ActionCommand.cs`: `TryParseV2` (after `TrimStart()`, `::name props::data`),
 *   then the legacy `TryParse` (`##[name props]data` anywhere); their unescaping rules.
 * - `src/Runner.Worker/ActionCommandManager.cs`: the registered commands (names compared
 *   ordinal-ignore-case), `stop-commands` with its token, `echo`, `add-mask` (also each line of a
 *   multi-line value), `set-output`/`save-state` (deprecated but still processed), `set-env`/`add-path`
 *   (disabled: the step fails), issue commands, groups, matchers.
 * - `src/Sdk/DTLogging/Logging/SecretMasker.cs`: every occurrence (ordinal) of a registered value is
 *   replaced by `***` in each line as it is printed.
 *
 * The runner finds `::` and `##[` with .NET's culture-sensitive `StartsWith`/`IndexOf`, which ICU
 * answers while skipping completely ignorable characters (zero-width spaces, soft hyphens, most
 * format and control characters...). Node's ICU collator (root locale, tertiary strength: what
 * .NET's CompareOptions.None asks of ICU) decides here which characters those are.
 */
export interface Annotation {
  level: 'error' | 'warning' | 'notice';
  message: string;
  properties: Record<string, string>;
}

/** A workflow command the runner processed. */
export interface ExecutedCommand {
  command: string;
  properties: Record<string, string>;
  data: string;
  form: 'v2' | 'legacy';
  stream: 'stdout' | 'stderr';
  /** The line as written (before masking: for tests only, never shown). */
  line: string;
}

export interface ParsedLog {
  annotations: Annotation[];
  masks: string[];
  /** The log as the Actions UI shows it: commands consumed, secrets replaced by ***, groups marked. */
  displayed: string[];
  /** Group titles in order. */
  groups: string[];
  /** Every output line except the add-mask commands the runner consumed, before masking. */
  unmasked: string[];
  /** Every command the runner processed, in order. */
  executed: ExecutedCommand[];
  /** Outputs and state set by `set-output` / `save-state` commands (the runner still processes them). */
  outputs: Record<string, string>;
  state: Record<string, string>;
  /** A command made the runner fail the step (a disabled or malformed command, a bad stop token...). */
  commandFailed: boolean;
  /** Command processing was still stopped (`stop-commands`) when the output ended. */
  stoppedAtEnd: boolean;
}

export interface OutputChunk {
  stream: 'stdout' | 'stderr';
  text: string;
}

const REGISTERED = new Set(['stop-commands', 'set-env', 'set-output', 'save-state', 'add-path', 'add-mask', 'add-matcher', 'remove-matcher', 'warning', 'error', 'notice', 'debug', 'group', 'endgroup', 'echo']);
/** Commands whose line the runner does not echo even with `echo` on (`OmitEcho`). */
const OMIT_ECHO = new Set(['add-mask', 'debug', 'warning', 'error', 'notice']);

/**
 * .NET's ordinal-ignore-case for the runner's command names: they are ASCII, and .NET's ordinal
 * casing maps no non-ASCII character onto ASCII (`OrdinalCasing`), so ASCII folding is exact.
 */
function foldCase(name: string): string {
  return name.replace(/[a-z]/g, (c) => c.toUpperCase());
}

/** `Char.IsWhiteSpace`, what `TrimStart()` and `Trim()` remove. */
const DOTNET_WHITE_SPACE = /[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]/;

function trimStart(text: string): string {
  let at = 0;
  while (at < text.length && DOTNET_WHITE_SPACE.test(text[at]!)) at++;
  return text.slice(at);
}

function trim(text: string): string {
  let end = text.length;
  while (end > 0 && DOTNET_WHITE_SPACE.test(text[end - 1]!)) end--;
  return trimStart(text.slice(0, end));
}

const collator = new Intl.Collator('und', { sensitivity: 'variant' });
const ignorable = new Map<string, boolean>();

/** True for a character ICU gives no collation weight at all (so culture-sensitive search skips it). */
export function isIgnorable(char: string): boolean {
  let known = ignorable.get(char);
  if (known === undefined) ignorable.set(char, (known = collator.compare(char, '') === 0));
  return known;
}

const COMBINING = /^\p{M}$/u;

/**
 * Where a culture-sensitive search for `pattern` (ASCII punctuation, which no other character
 * equals in ICU) first matches in `text` from `from`: the pattern's characters in order with only
 * ignorable characters between them, not followed by a combining mark (which would change the last
 * character's collation elements).
 */
export function cultureIndexOf(text: string, pattern: string, from = 0): number {
  for (let start = text.indexOf(pattern[0]!, from); start >= 0; start = text.indexOf(pattern[0]!, start + 1)) {
    if (matchesAt(text, pattern, start) >= 0) return start;
  }
  return -1;
}

/** The end of a culture-sensitive match of `pattern` beginning at `start`, or -1. */
function matchesAt(text: string, pattern: string, start: number): number {
  let at = start;
  for (let index = 0; index < pattern.length; index++) {
    if (index > 0) while (at < text.length && isIgnorable(charAt(text, at))) at += charAt(text, at).length;
    if (text[at] !== pattern[index]) return -1;
    at++;
  }
  if (at < text.length && COMBINING.test(charAt(text, at)) && !isIgnorable(charAt(text, at))) return -1;
  return at;
}

/** Culture-sensitive `StartsWith`: ignorable characters before and inside the prefix are skipped. */
function cultureStartsWith(text: string, prefix: string): boolean {
  let at = 0;
  while (at < text.length && isIgnorable(charAt(text, at))) at += charAt(text, at).length;
  return matchesAt(text, prefix, at) >= 0;
}

function charAt(text: string, at: number): string {
  return String.fromCodePoint(text.codePointAt(at)!);
}

function replaceAll(text: string, from: string, to: string): string {
  return text.split(from).join(to);
}

function unescapeData(value: string): string {
  return replaceAll(replaceAll(replaceAll(value, '%0D', '\r'), '%0A', '\n'), '%25', '%');
}

function unescapeProperty(value: string): string {
  let text = value;
  for (const [token, replacement] of [['\r', '%0D'], ['\n', '%0A'], [':', '%3A'], [',', '%2C'], ['%', '%25']] as const) text = replaceAll(text, replacement, token);
  return text;
}

function unescapeLegacy(value: string): string {
  let text = value;
  for (const [token, replacement] of [[';', '%3B'], ['\r', '%0D'], ['\n', '%0A'], [']', '%5D'], ['%', '%25']] as const) text = replaceAll(text, replacement, token);
  return text;
}

interface Parsed {
  command: string;
  properties: Record<string, string>;
  data: string;
  form: 'v2' | 'legacy';
}

/** .NET `Split(separator, RemoveEmptyEntries)` then `Split('=', 2, RemoveEmptyEntries)` into a case-insensitive map. */
function parseProperties(text: string, separator: string, unescape: (value: string) => string): Record<string, string> {
  const properties: Record<string, string> = {};
  for (const entry of text.split(separator).filter(Boolean)) {
    const at = entry.indexOf('=');
    if (at <= 0 || at === entry.length - 1) continue;
    const name = entry.slice(0, at);
    const existing = Object.keys(properties).find((key) => foldCase(key) === foldCase(name));
    properties[existing ?? name] = unescape(entry.slice(at + 1));
  }
  return properties;
}

function property(properties: Record<string, string>, name: string): string | undefined {
  const key = Object.keys(properties).find((candidate) => foldCase(candidate) === foldCase(name));
  return key === undefined ? undefined : properties[key];
}

function registeredName(name: string, registered: Set<string>): string | undefined {
  const folded = foldCase(name);
  for (const command of registered) if (foldCase(command) === folded) return command;
  return undefined;
}

/** `ActionCommand.TryParseV2`. */
function tryParseV2(line: string, registered: Set<string>): Parsed | undefined {
  const message = trimStart(line);
  if (!cultureStartsWith(message, '::')) return undefined;
  const end = cultureIndexOf(message, '::', 2);
  if (end < 0) return undefined;
  const info = message.slice(2, end);
  const space = info.indexOf(' ');
  const command = registeredName(space < 0 ? info : info.slice(0, space), registered);
  if (!command) return undefined;
  const properties = space > 0 ? parseProperties(trim(info.slice(space + 1)), ',', unescapeProperty) : {};
  return { command, properties, data: unescapeData(message.slice(end + 2)), form: 'v2' };
}

/** `ActionCommand.TryParse` (the legacy form). */
function tryParseLegacy(line: string, registered: Set<string>): Parsed | undefined {
  const prefix = cultureIndexOf(line, '##[');
  if (prefix < 0) return undefined;
  const bracket = line.indexOf(']', prefix);
  if (bracket < 0) return undefined;
  const info = line.slice(prefix + 3, bracket);
  const space = info.indexOf(' ');
  const command = registeredName(space < 0 ? info : info.slice(0, space), registered);
  if (!command) return undefined;
  const properties = space > 0 ? parseProperties(info.slice(space + 1), ';', unescapeLegacy) : {};
  return { command, properties, data: unescapeLegacy(line.slice(bracket + 1)), form: 'legacy' };
}

/** `StreamReader.ReadLine()` over a whole stream: lines end at `\r\n`, `\r` or `\n`. */
function splitLines(text: string): string[] {
  const lines = text.split(/\r\n|\r|\n/);
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

export function parseWorkflowCommands(source: string | OutputChunk[]): ParsedLog {
  const chunks: OutputChunk[] = typeof source === 'string' ? [{ stream: 'stdout', text: source }] : source;
  const result: ParsedLog = { annotations: [], masks: [], displayed: [], groups: [], unmasked: [], executed: [], outputs: {}, state: {}, commandFailed: false, stoppedAtEnd: false };
  const registered = new Set(REGISTERED);
  let stopToken: string | undefined;
  let echo = false;

  const mask = (line: string) => {
    const secrets = result.masks.filter(Boolean);
    if (!secrets.length) return line;
    const hidden = new Array<boolean>(line.length).fill(false);
    for (const secret of secrets) for (let at = line.indexOf(secret); at >= 0; at = line.indexOf(secret, at + 1)) hidden.fill(true, at, at + secret.length);
    let shown = '';
    for (let at = 0; at < line.length; at++) {
      if (!hidden[at]) shown += line[at];
      else if (at === 0 || !hidden[at - 1]) shown += '***';
    }
    return shown;
  };
  const addMask = (value: string) => {
    if (value && !result.masks.includes(value)) result.masks.push(value);
  };
  const output = (line: string) => result.displayed.push(mask(line));
  const fail = (message: string) => {
    result.commandFailed = true;
    result.annotations.push({ level: 'error', message: mask(message), properties: {} });
    output(`Error: ${message}`);
  };

  /** `ActionCommandManager.TryProcessCommand`: true when the line was taken as a command. */
  const process = (line: string, stream: 'stdout' | 'stderr'): boolean => {
    const parsed = tryParseV2(line, registered) ?? tryParseLegacy(line, registered);
    if (!parsed) return false;
    const { command, properties, data } = parsed;
    if (stopToken !== undefined) {
      if (stopToken && foldCase(command) === foldCase(stopToken)) {
        output(line);
        registered.delete(stopToken);
        stopToken = undefined;
        result.executed.push({ ...parsed, stream, line });
        return true;
      }
      return false;
    }
    result.executed.push({ ...parsed, stream, line });
    if (command === 'stop-commands') {
      // ValidateStopToken: empty, 'pause-logging' or a command name is refused and fails the step.
      if (!data || data.toLowerCase() === 'pause-logging' || registeredName(data, registered)) {
        fail('You cannot use a endToken that is an empty string, the string \'pause-logging\', or another workflow command.');
        return true;
      }
      stopToken = data;
      registered.add(data);
      if (data.length > 6) addMask(data);
      output(line);
      return true;
    }
    if (registeredName(command, registered) && !REGISTERED.has(command)) {
      result.annotations.push({ level: 'warning', message: `Can't find command extension for ##[${command}.command].`, properties: {} });
      return true;
    }
    if (echo && !OMIT_ECHO.has(command)) output(line);
    const unable = (why: string) => fail(`Unable to process command '${OMIT_ECHO.has(command) ? command : line}' successfully. ${why}`);
    switch (command) {
      case 'add-mask':
        if (!trim(data)) {
          result.annotations.push({ level: 'warning', message: "Can't add secret mask for empty string in ##[add-mask] command.", properties: {} });
          break;
        }
        if (echo) output('::add-mask::***');
        addMask(data);
        for (const part of data.split(/[\r\n]/)) addMask(trim(part));
        break;
      case 'set-output':
      case 'save-state': {
        const name = property(properties, 'name');
        if (!name) {
          unable(`Required field 'name' is missing in ##[${command}] command.`);
          break;
        }
        result.annotations.push({ level: 'warning', message: `The \`${command}\` command is deprecated and will be disabled soon.`, properties: {} });
        (command === 'set-output' ? result.outputs : result.state)[name] = data;
        break;
      }
      case 'set-env':
      case 'add-path':
        unable(`The \`${command}\` command is disabled.`);
        break;
      case 'add-matcher':
      case 'remove-matcher':
        // The matcher file is read from the workspace; a missing file fails the step, an existing one
        // changes how later lines are read. Either way the command ran.
        if (!data && command === 'add-matcher') result.annotations.push({ level: 'warning', message: 'File path must be specified.', properties: {} });
        break;
      case 'debug':
        break;
      case 'error':
      case 'warning':
      case 'notice':
        result.annotations.push({ level: command, message: mask(data), properties });
        output(`${command === 'error' ? 'Error' : command === 'warning' ? 'Warning' : 'Notice'}: ${data}`);
        break;
      case 'group':
        result.groups.push(mask(data));
        output(`▸ ${data}`);
        break;
      case 'endgroup':
        break;
      case 'echo': {
        const value = trim(data).toUpperCase();
        if (value === 'ON') echo = true;
        else if (value === 'OFF') echo = false;
        else unable(`Invalid echo command value. Possible values can be: 'on', 'off'. Current value is: '${data}'.`);
        break;
      }
    }
    return true;
  };

  const partial: Record<'stdout' | 'stderr', string> = { stdout: '', stderr: '' };
  const handle = (line: string, stream: 'stdout' | 'stderr') => {
    const consumed = !!line && (cultureIndexOf(line, '##[') >= 0 || cultureIndexOf(line, '::') >= 0) && process(line, stream);
    const last = result.executed[result.executed.length - 1];
    if (!(consumed && last?.line === line && last.command === 'add-mask')) result.unmasked.push(line);
    if (consumed) return;
    output(line.replace(/##\[start-action/g, '##[\\start-action').replace(/##\[end-action/g, '##[\\end-action'));
  };
  for (const chunk of chunks) {
    const text = partial[chunk.stream] + chunk.text;
    // A `\r` at the very end may be the first half of `\r\n`: it waits for the next chunk.
    let start = 0;
    for (const end of text.matchAll(/\r\n|\n|\r(?!$)/g)) {
      handle(text.slice(start, end.index), chunk.stream);
      start = end.index + end[0].length;
    }
    partial[chunk.stream] = text.slice(start);
  }
  for (const stream of ['stdout', 'stderr'] as const) for (const line of splitLines(partial[stream])) handle(line, stream);
  result.stoppedAtEnd = stopToken !== undefined;
  return result;
}
