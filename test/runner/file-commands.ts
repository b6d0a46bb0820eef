import { readFileSync } from 'node:fs';

/**
 * Parses a GITHUB_OUTPUT / GITHUB_STATE / GITHUB_ENV file: `name=value` lines and
 * `name<<DELIMITER` heredocs, as the runner does.
 */
export function parseFileCommands(file: string): Record<string, string> {
  let text = '';
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return {};
  }
  const values: Record<string, string> = {};
  const lines = text.split(/\r?\n/);
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index]!;
    if (!line) continue;
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line);
    if (heredoc) {
      const [, name, delimiter] = heredoc;
      const body: string[] = [];
      for (index++; index < lines.length && lines[index] !== delimiter; index++) body.push(lines[index]!);
      if (index >= lines.length) throw new Error(`Unterminated heredoc for ${name} in ${file}`);
      values[name!] = body.join('\n');
      continue;
    }
    const at = line.indexOf('=');
    if (at < 0) throw new Error(`Invalid file command line in ${file}: ${line}`);
    values[line.slice(0, at)] = line.slice(at + 1);
  }
  return values;
}
