import { neutraliseWorkflowCommands } from '@te-actions/action-kit';

/**
 * Writes log lines to stdout in large chunks (a write per line cannot keep up with 50 000 lines a
 * second) and honours back-pressure. Every job line goes through the workflow-command neutraliser
 * (both the `::name::` and the legacy `##[name]` form), so the runner shows it instead of executing
 * it. (stop-commands is not used: it would also swallow the step's own ::add-mask:: for tokens
 * issued while the log is open.)
 */
export class LinePrinter {
  private buffer: string[] = [];
  private size = 0;
  private timer: NodeJS.Timeout | undefined;
  private draining: Promise<void> | undefined;
  count = 0;

  constructor(private readonly out: NodeJS.WritableStream = process.stdout) {}

  open(title: string): void {
    this.out.write(`::group::${title.replace(/[\r\n]/g, ' ')}\n`);
  }

  line(text: string): void {
    this.count++;
    text = neutraliseWorkflowCommands(text);
    this.buffer.push(text);
    this.size += text.length + 1;
    if (this.size >= 64 * 1024) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), 50);
  }

  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (!this.buffer.length) return;
    const chunk = this.buffer.join('\n') + '\n';
    this.buffer = [];
    this.size = 0;
    if (!this.out.write(chunk) && !this.draining) {
      this.draining = new Promise<void>((resolve) => this.out.once('drain', () => resolve())).finally(() => (this.draining = undefined));
    }
  }

  /** Waits until stdout has taken what was written so far. */
  async drain(): Promise<void> {
    if (this.size >= 16 * 1024) this.flush();
    await this.draining;
  }

  close(): void {
    this.flush();
    this.out.write('::endgroup::\n');
  }
}
