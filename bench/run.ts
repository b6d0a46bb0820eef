// npm run bench [-- suite-name ...]: runs every suite in bench/suites, prints one table and writes
// bench/results.md. Each suite measures its own baseline in the same run.
import { readdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderTable, type BenchRow, type BenchSuite } from './report.ts';

const here = dirname(fileURLToPath(import.meta.url));
const wanted = process.argv.slice(2);
const rows: BenchRow[] = [];
for (const file of readdirSync(join(here, 'suites')).filter((name) => name.endsWith('.ts')).sort()) {
  const suite = (await import(join(here, 'suites', file))).default as BenchSuite;
  if (wanted.length && !wanted.includes(suite.name)) continue;
  process.stderr.write(`bench: ${suite.name}...\n`);
  rows.push(...(await suite.run()));
}
const table = renderTable(rows);
console.log(table);
const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
if (!wanted.length) {
  writeFileSync(join(here, 'results.md'), `# Benchmark results\n\nMade by \`npm run bench\` on ${new Date().toISOString().slice(0, 10)} (${machine}).\n\n${table}\n`);
}
