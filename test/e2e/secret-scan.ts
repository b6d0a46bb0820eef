import type { StepResult } from '../runner/run-step.ts';
import type { Emulator } from '../emulator/index.ts';

/**
 * Everything a person could read from a step — the displayed log, stderr, summary and outputs — and
 * every raw stdout and stderr line except the add-mask commands the runner consumed.
 */
export function visibleText(result: StepResult): string {
  return [result.unmasked, result.summary, JSON.stringify(result.outputs)].join('\n');
}

/** Asserts that no token the emulator issued or accepted (or the runner's request token) is visible. */
export function expectNoSecrets(result: StepResult, emulator: Emulator, extra: string[] = []): void {
  const text = visibleText(result);
  const jwt = /eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}/;
  expect(text).not.toMatch(jwt);
  expect(text).not.toContain(emulator.core.identity.requestToken);
  for (const secret of extra) expect(text).not.toContain(secret);
  for (const job of emulator.containerApps.jobs.values()) for (const secret of job.secrets) expect(text).not.toContain(secret.value);
}
