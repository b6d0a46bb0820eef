import { neutraliseWorkflowCommands } from '@te-actions/action-kit';

/**
 * Prints a build log as it arrives, whole lines only (a line split across two reads, even inside a
 * UTF-8 sequence, is printed once, complete). The log is the builder's text, so its lines are
 * neutralised: a line in it can never set a mask, an output or an annotation.
 */
export class BuildLogPrinter {
  private readonly decoder = new TextDecoder('utf-8');
  private partial = '';
  lines = 0;

  constructor(private readonly write: (text: string) => void = (text) => process.stdout.write(text)) {}

  push(bytes: Uint8Array): void {
    if (!bytes.length) return;
    const text = this.partial + this.decoder.decode(bytes, { stream: true });
    const end = text.lastIndexOf('\n');
    if (end < 0) {
      this.partial = text;
      return;
    }
    this.partial = text.slice(end + 1);
    this.emit(text.slice(0, end + 1));
  }

  /** Prints what is left (a last line without a newline). */
  end(): void {
    const rest = this.partial + this.decoder.decode();
    this.partial = '';
    if (rest) this.emit(rest.endsWith('\n') ? rest : `${rest}\n`);
  }

  private emit(text: string): void {
    this.lines += text.split('\n').length - 1;
    this.write(neutraliseWorkflowCommands(text.replace(/\r(?!\n)/g, '\n')));
  }
}
