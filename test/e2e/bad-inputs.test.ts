import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulator, type Emulator } from '../emulator/index.ts';
import { readActionMetadata } from '../runner/action-metadata.ts';
import { REPO_ROOT, runStep, type StepResult } from '../runner/run-step.ts';
import { BAD_INPUTS, type BadValue } from './matrix/bad-input-table.ts';
import { VALID_INPUTS } from './matrix/baselines.ts';

/** The public actions: folders at the repository root with an action.yml. */
const ACTIONS = readdirSync(REPO_ROOT, { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && existsSync(join(REPO_ROOT, entry.name, 'action.yml')))
  .map((entry) => entry.name)
  .sort();

const STACK_FRAME = /^\s*at .+(:\d+:\d+\)?|\(node:.+\))$/m;

let emulator: Emulator;
/** A workspace with a Dockerfile, so acr-remote-build's context and dockerfile are valid unless a row says otherwise. */
const workspace = mkdtempSync(join(tmpdir(), 'te-bad-inputs-'));
writeFileSync(join(workspace, 'Dockerfile'), 'FROM alpine:3.20\n');

beforeAll(async () => {
  emulator = await startEmulator();
});

afterAll(async () => {
  await emulator.stop();
});

function run(action: string, inputs: Record<string, string>): Promise<StepResult> {
  emulator.core.requests.length = 0;
  return runStep({ action, inputs, env: emulator.env(), workspace, timeoutMs: 60_000 });
}

describe('the bad-input table covers every input of every action', () => {
  test('every action has a table and a valid row', () => {
    expect(ACTIONS.length).toBeGreaterThanOrEqual(6);
    expect(Object.keys(BAD_INPUTS).sort()).toEqual(ACTIONS);
    expect(Object.keys(VALID_INPUTS).sort()).toEqual(ACTIONS);
  });

  test.each(ACTIONS)('%s: one row per declared input, a "missing" row for each required one', (action) => {
    const declared = readActionMetadata(REPO_ROOT, action).inputs;
    expect(Object.keys(BAD_INPUTS[action]!).sort()).toEqual(Object.keys(declared).sort());
    for (const [name, row] of Object.entries(BAD_INPUTS[action]!)) {
      if (!Array.isArray(row)) {
        expect(row.anyValue.length).toBeGreaterThan(40);
        continue;
      }
      expect(row.length).toBeGreaterThan(0);
      if (declared[name]!.required) expect({ input: name, missing: row.some((bad) => bad.value === '') }).toEqual({ input: name, missing: true });
    }
  });
});

const ROWS = ACTIONS.flatMap((action) =>
  Object.entries(BAD_INPUTS[action] ?? {}).flatMap(([input, row]) => (Array.isArray(row) ? row.map((bad): [string, string, string, BadValue] => [action, input, JSON.stringify(bad.value).slice(0, 40), bad]) : [])),
);

describe('a bad value fails before any network call, with one error naming the input', () => {
  test.each(ROWS)('%s %s = %s', async (action, input, _shown, bad) => {
    const result = await run(action, { ...VALID_INPUTS[action]!(emulator), ...bad.with, [input]: bad.value });
    expect(result.exitCode).toBe(1);
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]).toContain(`Input '${input}' `);
    expect(result.errors[0]).toContain(bad.error);
    expect(result.stdout + result.stderr).not.toMatch(STACK_FRAME);
    expect(emulator.core.requests).toEqual([]);
  });
});

describe('the valid rows pass input validation (so each bad row fails because of its one value)', () => {
  test.each(ACTIONS)('%s', async (action) => {
    const result = await run(action, VALID_INPUTS[action]!(emulator));
    // Against an emulator with nothing arranged they may fail later (no such job, registry or
    // environment), but never on an input, and without a stack trace.
    expect(result.errors.filter((error) => error.includes("Input '"))).toEqual([]);
    expect(result.stdout + result.stderr).not.toMatch(STACK_FRAME);
  });
});
