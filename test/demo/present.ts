import type { StepResult } from '../runner/run-step.ts';

const bold = (text: string) => (process.stdout.isTTY ? `\x1b[1m${text}\x1b[0m` : text);

/** Prints a step the way the Actions UI shows it: log, outputs, annotations and summary. */
export function presentStep(title: string, result: StepResult, options: { logShown?: boolean } = {}): void {
  const status = result.exitCode === 0 ? '✓' : '✗';
  console.log(`\n${bold(`${status} ${title}`)}  (exit ${result.exitCode}, ${(result.durationMs / 1000).toFixed(1)} s)`);
  if (!options.logShown) {
    console.log('  ── log ──');
    for (const line of result.log.split('\n').filter((each) => each.trim() !== '')) console.log(`  ${line}`);
  }
  if (Object.keys(result.outputs).length) {
    console.log('  ── outputs ──');
    for (const [name, value] of Object.entries(result.outputs)) console.log(`  ${name} = ${value}`);
  }
  if (result.summary.trim()) {
    console.log('  ── step summary ──');
    for (const line of result.summary.trim().split('\n')) console.log(`  ${line}`);
  }
}
