import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../runner/run-step.ts';
import { FAULT_KINDS, type FaultKind } from './matrix/fault-kinds.ts';
import { SCENARIOS } from './matrix/scenarios/index.ts';

/**
 * The shape of the fault matrix (action × fault). The cases themselves run in
 * fault-matrix-<action>.test.ts, one file per action so that they run in parallel.
 */
const ACTIONS = readdirSync(REPO_ROOT, { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && existsSync(join(REPO_ROOT, entry.name, 'action.yml')))
  .map((entry) => entry.name)
  .sort();
const KINDS = Object.keys(FAULT_KINDS) as FaultKind[];

describe('fault matrix: every action × every fault has cases or a stated reason', () => {
  test('one scenario per action, each run by its own test file', () => {
    expect(SCENARIOS.map((scenario) => scenario.action).sort()).toEqual(ACTIONS);
    for (const { action } of SCENARIOS) {
      const file = join(REPO_ROOT, 'test', 'e2e', `fault-matrix-${action}.test.ts`);
      expect({ action, file: existsSync(file) }).toEqual({ action, file: true });
      expect(readFileSync(file, 'utf8')).toContain('defineFaultMatrix(');
    }
  });

  test.each(SCENARIOS.map((scenario) => [scenario.action, scenario] as const))('%s', (_action, scenario) => {
    const covered = new Set(scenario.cases.map((fault) => fault.kind));
    for (const kind of KINDS) {
      const reason = scenario.notApplicable[kind];
      // Exactly one of: cases for the kind, or a reason why it does not apply.
      expect({ kind, hasCases: covered.has(kind), hasReason: reason !== undefined }).toEqual({ kind, hasCases: !reason, hasReason: !covered.has(kind) });
      if (reason) expect(reason.length).toBeGreaterThan(30);
    }
    const names = scenario.cases.map((fault) => `${fault.kind}: ${fault.name}`);
    expect(new Set(names).size).toBe(names.length);
    // Every action that starts remote work is cancelled in more than one phase.
    if (covered.has('sigint')) expect(scenario.cases.filter((fault) => fault.kind === 'sigint').length).toBeGreaterThanOrEqual(2);
    // Known gaps are the exception, each with its description.
    for (const fault of scenario.cases) if (fault.knownGap !== undefined) expect(fault.knownGap.length).toBeGreaterThan(30);
  });

  test('at most one case waits out the full retry schedule', () => {
    const slow = SCENARIOS.flatMap((scenario) => scenario.cases.filter((fault) => (fault.timeoutMs ?? 0) > 60_000).map((fault) => `${scenario.action}: ${fault.name}`));
    expect(slow.length).toBeLessThanOrEqual(1);
  });
});
