import { startEmulator, type Emulator } from '../../emulator/index.ts';
import { runStepWithPost, type StepResult } from '../../runner/run-step.ts';
import type { FaultCase, Scenario } from './scenario.ts';

const STACK_FRAME = /^\s*at .+(:\d+:\d+\)?|\(node:.+\))$/m;

/** Resolves once `condition` holds (polled), or when `stopped` says the step is over. */
function whenTrue(condition: () => boolean, stopped: () => boolean): Promise<void> {
  return new Promise((resolve) => {
    const timer = setInterval(() => {
      if (stopped()) {
        clearInterval(timer);
        return;
      }
      if (condition()) {
        clearInterval(timer);
        resolve();
      }
    }, 20);
  });
}

function expectNoStackTrace(result: StepResult): void {
  expect({ stdout: result.stdout.match(STACK_FRAME)?.[0], stderr: result.stderr.match(STACK_FRAME)?.[0] }).toEqual({ stdout: undefined, stderr: undefined });
}

/**
 * Generates one test per fault case of the scenario: a fresh emulator arranged for success, the fault
 * injected, main and post run from the committed bundle, then exit status, error annotation, the
 * log, and the remote state asserted. Secret hygiene is checked by runStep on every phase.
 */
export function defineFaultMatrix(scenario: Scenario): void {
  let emulator: Emulator;

  if (scenario.setupOnce) beforeAll(() => scenario.setupOnce!());
  if (scenario.teardownOnce) afterAll(() => scenario.teardownOnce!());

  beforeEach(async () => {
    emulator = await startEmulator();
    await scenario.setup?.(emulator);
  });

  afterEach(async () => {
    await scenario.teardown?.(emulator);
    await emulator.stop();
  });

  describe(`${scenario.action} × faults (committed bundle, emulator)`, () => {
    const kept = scenario.cases.filter((fault) => !fault.knownGap);
    const gaps = scenario.cases.filter((fault) => fault.knownGap);
    test.each(kept.map((fault): [string, string, FaultCase] => [fault.kind, fault.name, fault]))('%s: %s', (_kind, _name, fault) => runCase(fault));
    if (gaps.length) {
      test.failing.each(gaps.map((fault): [string, string, FaultCase] => [fault.kind, `${fault.name} (known gap: ${fault.knownGap})`, fault]))('%s: %s', (_kind, _name, fault) => runCase(fault));
    }
  });

  async function runCase(fault: FaultCase): Promise<void> {
    fault.arrange?.(emulator);
    let over = false;
    const cancelOn = fault.cancelOn ? whenTrue(() => fault.cancelOn!(emulator), () => over) : undefined;
    const { main, post } = await runStepWithPost({
      action: scenario.action,
      inputs: { ...scenario.inputs(emulator), ...fault.inputs },
      env: { ...emulator.env(), ...fault.env?.(emulator) },
      github: scenario.github,
      workspace: scenario.workspace?.(),
      cancelOn,
      cancelWhen: fault.cancelWhen,
      timeoutMs: fault.timeoutMs ?? 60_000,
    }).finally(() => (over = true));

    try {
      await check(fault, main, post);
    } catch (error) {
      // Show what the step printed next to the failed assertion.
      if (error instanceof Error) error.message += `\n\n--- main log ---\n${main.log.slice(-4000)}\n--- post log ---\n${post?.log.slice(-2000) ?? '(no post step)'}`;
      throw error;
    }
  }

  async function check(fault: FaultCase, main: StepResult, post: StepResult | undefined): Promise<void> {
    if (fault.cancelOn || fault.cancelWhen) {
      expect(main.cancelledAtMs).toBeDefined();
      // Done before the runner's SIGTERM (7.5 s after SIGINT): clean-up was not cut short.
      expect(main.exitedAtMs - main.cancelledAtMs!).toBeLessThan(7500);
      expect(main.signal).toBeNull();
    }
    expect({ exitCode: main.exitCode, errors: main.errors }).toEqual({ exitCode: fault.expect.exitCode, errors: fault.expect.error === undefined ? [] : [expect.anything()] });
    if (typeof fault.expect.error === 'string') expect(main.errors[0]).toContain(fault.expect.error);
    else if (fault.expect.error) expect(main.errors[0]).toMatch(fault.expect.error);
    if (fault.expect.log) expect(main.log).toMatch(fault.expect.log);
    expectNoStackTrace(main);
    if (post) {
      expect({ postExitCode: post.exitCode, postErrors: post.errors }).toEqual({ postExitCode: 0, postErrors: [] });
      expectNoStackTrace(post);
    }
    await fault.expect.remote(emulator, main, post);
  }
}
