/** One console line of a job execution, from the live stream or from Log Analytics. */
export interface LogLine {
  /** ISO 8601 time the container wrote the line, when known. */
  time?: string;
  /** stdout or stderr. */
  stream: string;
  /** Replica (container group) and container the line came from. */
  source: string;
  text: string;
}

/** The message may hold `\r`, U+2028 or U+2029 (only `\n` ends a stream line): hence the `s` flag. */
const STREAM_LINE = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})) (stdout|stderr) [FP] ?(.*)$/s;

/**
 * Parses a line of a Container Apps log stream: `2026-11-23T10:00:00.000000Z stdout F message`
 * (the container runtime's format) or a plain line without time and stream.
 */
export function parseStreamLine(raw: string, source: string): LogLine {
  const match = STREAM_LINE.exec(raw);
  if (!match) return { stream: 'stdout', source, text: raw };
  return { time: normalizeTime(match[1]!), stream: match[2]!, source, text: match[3]! };
}

/** One spelling per instant (UTC, 7 fraction digits), so the same time from two sources gives the same key. */
export function normalizeTime(value: string): string {
  if (value.length === 28 && value[19] === '.' && value[27] === 'Z') return value;
  const match = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d+))?(Z|[+-]\d{2}:\d{2})$/.exec(value);
  if (!match) return value;
  const [, seconds, fraction = '', zone] = match;
  if (zone === 'Z') return `${seconds}.${fraction.padEnd(7, '0').slice(0, 7)}Z`;
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) return value;
  return `${new Date(ms).toISOString().slice(0, 19)}.${fraction.padEnd(7, '0').slice(0, 7)}Z`;
}
