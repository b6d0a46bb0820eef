import { createHash } from 'node:crypto';
import type { LogLine } from './log-line.js';

/**
 * Remembers which lines were printed so a line seen by both the live stream and Log Analytics (or
 * by two overlapping queries) prints once, while two identical lines at the same time both print.
 * Keys are time + source + stream + a hash of the text; entries older than the query window are
 * dropped, so memory follows the overlap window, not the length of the log.
 */
export class LineLedger {
  /** key → copies printed. Keys start with the line's fixed-width time, so age is read from the key. */
  private readonly printed = new Map<string, number>();
  /** Live lines without a time, matched to timed rows by source, stream and text. */
  private readonly untimed = new Map<string, number>();

  static key(line: LogLine): string {
    const text = line.text.length > 48 ? createHash('sha1').update(line.text).digest('base64') : line.text;
    return `${line.time ?? ''}\u0000${line.source}\u0000${line.stream}\u0000${text}`;
  }

  private static untimedKey(line: LogLine): string {
    return `${line.source}\u0000${line.stream}\u0000${line.text}`;
  }

  /** Records a line printed from the live stream. */
  recordLive(line: LogLine): void {
    if (!line.time) {
      const key = LineLedger.untimedKey(line);
      this.untimed.set(key, (this.untimed.get(key) ?? 0) + 1);
      return;
    }
    const key = LineLedger.key(line);
    this.printed.set(key, (this.printed.get(key) ?? 0) + 1);
  }

  /**
   * Given the `occurrence`-th copy (1-based) of a line in one complete query window, says whether
   * it still has to be printed, and records it when so.
   */
  claim(line: LogLine & { time: string }, occurrence: number, key = LineLedger.key(line)): boolean {
    const count = this.printed.get(key) ?? 0;
    if (occurrence <= count) return false;
    this.printed.set(key, count + 1);
    if (this.untimed.size === 0) return true;
    const untimedKey = LineLedger.untimedKey(line);
    const untimed = this.untimed.get(untimedKey);
    if (untimed) {
      // The live stream already showed this text without a time: count it as this copy.
      if (untimed === 1) this.untimed.delete(untimedKey);
      else this.untimed.set(untimedKey, untimed - 1);
      return false;
    }
    return true;
  }

  /** Forgets lines older than `before` (ISO); queries never return them again. */
  forgetBefore(before: string): void {
    for (const key of this.printed.keys()) if (key < before) this.printed.delete(key);
  }

  get size(): number {
    return this.printed.size + this.untimed.size;
  }
}
