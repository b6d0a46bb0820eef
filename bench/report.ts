/** One row of the benchmark table: a measured value against its DESIGN.md §6 target. */
export interface BenchRow {
  area: string;
  metric: string;
  measured: string;
  target: string;
  /** The comparison measured in the same run (e.g. `node -e 0` = 31 ms). */
  baseline: string;
  /** true = met, false = missed, undefined = informational. */
  met?: boolean;
  note?: string;
}

export interface BenchSuite {
  name: string;
  run(): Promise<BenchRow[]>;
}

export function renderTable(rows: BenchRow[]): string {
  const header = ['area', 'metric', 'measured', 'target', 'baseline (same run)', 'met'];
  const lines = rows.map((row) => [row.area, row.metric, row.measured, row.target, row.baseline, row.met === undefined ? '–' : row.met ? 'yes' : `**no**${row.note ? ` (${row.note})` : ''}`]);
  const escape = (cell: string) => cell.replace(/\|/g, '\\|');
  return [`| ${header.join(' | ')} |`, `| ${header.map(() => '---').join(' | ')} |`, ...lines.map((cells) => `| ${cells.map(escape).join(' | ')} |`)].join('\n');
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}
