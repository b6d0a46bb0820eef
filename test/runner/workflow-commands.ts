/** What the runner makes of a step's stdout: annotations, masks, groups, the displayed log. */
export interface Annotation {
  level: 'error' | 'warning' | 'notice';
  message: string;
  properties: Record<string, string>;
}

export interface ParsedLog {
  annotations: Annotation[];
  masks: string[];
  /** The log as the Actions UI shows it: commands consumed, secrets replaced by ***, groups marked. */
  displayed: string[];
  /** Group titles in order. */
  groups: string[];
  /** Every stdout line except the ::add-mask:: commands the runner consumed, before masking. */
  unmasked: string[];
}

function unescapeData(value: string): string {
  return value.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%');
}

function unescapeProperty(value: string): string {
  return unescapeData(value).replace(/%3A/g, ':').replace(/%2C/g, ',');
}

const COMMAND = /^::([a-z-]+)(?: ([^:]*))?::(.*)$/;

export function parseWorkflowCommands(stdout: string): ParsedLog {
  const result: ParsedLog = { annotations: [], masks: [], displayed: [], groups: [], unmasked: [] };
  const mask = (line: string) => result.masks.reduce((text, secret) => (secret ? text.split(secret).join('***') : text), line);
  // ::stop-commands::TOKEN turns command processing off until a line ::TOKEN:: (the runner's rule):
  // everything in between, ::add-mask:: included, is printed as plain text.
  let resumeToken: string | undefined;
  for (const line of stdout.split(/\r?\n/)) {
    if (resumeToken !== undefined || !line.startsWith('::add-mask::')) result.unmasked.push(line);
    if (resumeToken !== undefined) {
      if (line === `::${resumeToken}::`) resumeToken = undefined;
      else result.displayed.push(mask(line));
      continue;
    }
    const match = COMMAND.exec(line);
    if (!match) {
      result.displayed.push(mask(line));
      continue;
    }
    const [, command, rawProperties, rawData] = match;
    const data = unescapeData(rawData ?? '');
    const properties = Object.fromEntries(
      (rawProperties ?? '')
        .split(',')
        .filter(Boolean)
        .map((pair) => {
          const at = pair.indexOf('=');
          return [pair.slice(0, at), unescapeProperty(pair.slice(at + 1))];
        }),
    );
    switch (command) {
      case 'add-mask':
        result.masks.push(data);
        break;
      case 'error':
      case 'warning':
      case 'notice':
        result.annotations.push({ level: command, message: mask(data), properties });
        result.displayed.push(`${command === 'error' ? 'Error' : command === 'warning' ? 'Warning' : 'Notice'}: ${mask(data)}`);
        break;
      case 'group':
        result.groups.push(mask(data));
        result.displayed.push(`▸ ${mask(data)}`);
        break;
      case 'endgroup':
        break;
      case 'stop-commands':
        resumeToken = data;
        break;
      case 'debug':
        break;
      default:
        result.displayed.push(mask(line));
    }
  }
  return result;
}
