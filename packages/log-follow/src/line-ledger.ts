import { createHash } from 'node:crypto';
import type { LogLine } from './log-line.js';

/** Lines printed at one time: the identity of the one line printed once (the usual case), or counts. */
type AtTime = string | Map<string, number>;

/**
 * Remembers which lines were printed so a line seen by both the live stream and Log Analytics (or
 * by two overlapping queries) prints once, while two identical lines at the same time both print.
 * Entries are kept per time (the line's own time string, shared with the line) with a short
 * identity of source, stream and text (a hash for long text); entries older than the query window
 * are dropped, so memory follows the overlap window, not the length of the log.
 */
export class LineLedger {
  /** time → what was printed at that time. */
  private readonly printed = new Map<string, AtTime>();
  /** Live lines without a time, matched to timed rows by identity. */
  private readonly untimed = new Map<string, number>();
  /** source → stream → a short code, so identities do not repeat long source names. */
  private readonly codes = new Map<string, Map<string, string>>();
  private nextCode = 0;
  private entries = 0;

  /** What tells two lines at the same time apart: source, stream and text. */
  identity(line: LogLine): string {
    let byStream = this.codes.get(line.source);
    if (!byStream) this.codes.set(line.source, (byStream = new Map()));
    let code = byStream.get(line.stream);
    if (code === undefined) {
      // A prefix code: one character below U+00FF, or U+00FF, digits and U+0000 beyond.
      const n = this.nextCode++;
      byStream.set(line.stream, (code = n < 0xff ? String.fromCharCode(n) : `\u00ff${n}\u0000`));
    }
    return code + (line.text.length > 48 ? createHash('sha1').update(line.text).digest('base64') : line.text);
  }

  /** Records a line printed from the live stream. */
  recordLive(line: LogLine): void {
    const identity = this.identity(line);
    if (!line.time) {
      this.untimed.set(identity, (this.untimed.get(identity) ?? 0) + 1);
      return;
    }
    this.add(line.time, identity, this.count(line.time, identity));
  }

  /**
   * Given the `occurrence`-th copy (1-based) of a line in one complete query window, says whether
   * it still has to be printed, and records it when so.
   */
  claim(line: LogLine & { time: string }, occurrence: number, identity = this.identity(line)): boolean {
    const count = this.count(line.time, identity);
    if (occurrence <= count) return false;
    this.add(line.time, identity, count);
    if (this.untimed.size === 0) return true;
    const untimed = this.untimed.get(identity);
    if (untimed) {
      // The live stream already showed this text without a time: count it as this copy.
      if (untimed === 1) this.untimed.delete(identity);
      else this.untimed.set(identity, untimed - 1);
      return false;
    }
    return true;
  }

  private count(time: string, identity: string): number {
    const at = this.printed.get(time);
    if (at === undefined) return 0;
    if (typeof at === 'string') return at === identity ? 1 : 0;
    return at.get(identity) ?? 0;
  }

  /** Records one more copy of a line whose count so far is `count`. */
  private add(time: string, identity: string, count: number): void {
    this.entries++;
    const at = this.printed.get(time);
    if (at === undefined) {
      this.printed.set(time, identity);
    } else if (typeof at === 'string') {
      const counts = new Map([[at, 1]]);
      counts.set(identity, count + 1);
      this.printed.set(time, counts);
    } else {
      at.set(identity, count + 1);
    }
  }

  /** Forgets lines older than `before` (ISO); queries never return them again. */
  forgetBefore(before: string): void {
    for (const [time, at] of this.printed) {
      if (time < before) {
        this.printed.delete(time);
        this.entries -= typeof at === 'string' ? 1 : [...at.values()].reduce((sum, copies) => sum + copies, 0);
      }
    }
  }

  /** Lines remembered. */
  get size(): number {
    return this.entries + this.untimed.size;
  }
}
