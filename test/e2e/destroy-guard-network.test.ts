import { startEmulator, type Emulator } from '../emulator/index.ts';
import { runStep } from '../runner/run-step.ts';
import { VALID_INPUTS } from './matrix/baselines.ts';

let emulator: Emulator;

beforeAll(async () => {
  emulator = await startEmulator();
});

afterAll(async () => {
  await emulator.stop();
});

describe('destroy-guard: a GitHub API request that gets no answer', () => {
  test('is reported as no answer (fails closed), not as HTTP 500 with a token-permission hint', async () => {
    emulator.inject({ route: 'github.environment', reset: true });
    const result = await runStep({ action: 'destroy-guard', inputs: VALID_INPUTS['destroy-guard']!(emulator), env: emulator.env(), timeoutMs: 60_000 });
    expect(result.exitCode).toBe(1);
    const shown = [...result.errors, result.summary, result.log].join('\n');
    expect(shown).toContain('GitHub API: could not read environment production: no answer from the API (');
    expect(shown).not.toMatch(/read environment production \(HTTP 500/);
    expect(shown).not.toContain('Check that the token can read this repository (permissions: actions: read)');
  });
});
