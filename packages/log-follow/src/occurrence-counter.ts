/**
 * Counts copies of a line among consecutive rows with the same time (rows come ordered by time):
 * `next` says which copy (1-based) this one is. Most times have one line, so the lines of the
 * current time are kept in a short list, and only a burst of many lines at one time gets a map.
 */
export class OccurrenceCounter {
  private time = '';
  private readonly atTime: string[] = [];
  private counts: Map<string, number> | undefined;

  next(time: string, identity: string): number {
    if (time !== this.time) {
      this.time = time;
      this.atTime.length = 0;
      this.counts = undefined;
    }
    if (this.counts) {
      const occurrence = (this.counts.get(identity) ?? 0) + 1;
      this.counts.set(identity, occurrence);
      return occurrence;
    }
    let occurrence = 1;
    for (const other of this.atTime) if (other === identity) occurrence++;
    this.atTime.push(identity);
    if (this.atTime.length > 32) {
      this.counts = new Map();
      for (const each of this.atTime) this.counts.set(each, (this.counts.get(each) ?? 0) + 1);
    }
    return occurrence;
  }
}
