import { randomUUID } from 'node:crypto';

/**
 * Prints a build log as it arrives, whole lines only (a line split across two reads, even inside a
 * UTF-8 sequence, is printed once, complete). The log is the builder's text, so workflow commands
 * are switched off around it (`::stop-commands::`): a line in it can never set a mask, an output or
 * an annotation.
 */
export class BuildLogPrinter {
  private readonly decoder = new TextDecoder('utf-8');
  private partial = '';
  private token: string | undefined;
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

  /** Prints what is left (a last line without a newline) and restores workflow commands. */
  end(): void {
    const rest = this.partial + this.decoder.decode();
    this.partial = '';
    if (rest) this.emit(rest.endsWith('\n') ? rest : `${rest}\n`);
    if (this.token) {
      this.write(`::${this.token}::\n`);
      this.token = undefined;
    }
  }

  private emit(text: string): void {
    if (!this.token) {
      this.token = `build-log-${randomUUID()}`;
      this.write(`::stop-commands::${this.token}\n`);
    }
    this.lines += text.split('\n').length - 1;
    this.write(text.replace(/\r(?!\n)/g, '\n'));
  }
}
