import type { LogLine } from '@te-actions/log-follow';

const ERROR_WORDS = /\b(error|fatal|exception|panic|failed|traceback)\b/i;

/** The last console lines of an execution, kept while they are printed. */
export class ConsoleTail {
  private readonly lines: { stream: string; text: string }[] = [];
  private lastStderr: string | undefined;
  private lastErrorLike: string | undefined;

  constructor(private readonly size = 20) {}

  push(line: Pick<LogLine, 'stream' | 'text'>): void {
    this.lines.push({ stream: line.stream, text: line.text });
    if (this.lines.length > this.size) this.lines.shift();
    if (!line.text.trim()) return;
    if (line.stream === 'stderr') this.lastStderr = line.text;
    if (ERROR_WORDS.test(line.text)) this.lastErrorLike = line.text;
  }

  /** The last lines, oldest first. */
  texts(): string[] {
    return this.lines.map((line) => line.text);
  }

  /**
   * The line that most likely says why the container failed: the last line with an error word,
   * else the last stderr line, else the last non-empty line.
   */
  errorLine(): string | undefined {
    const last = [...this.lines].reverse().find((line) => line.text.trim())?.text;
    return this.lastErrorLike ?? this.lastStderr ?? last;
  }
}
