import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startAzurite, type Azurite } from '../emulator/azurite.ts';
import { startEmulator, type Emulator } from '../emulator/index.ts';
import { runStep, type StepOptions } from '../runner/run-step.ts';

const SUBSCRIPTION = '34adfa4f-cedf-4dc0-ba29-b6d1a69ab345';
const RG = 'rg-builds';
const REGISTRY = 'ContosoRegistry';
const DOCKERFILE = 'FROM mcr.microsoft.com/dotnet/runtime:8.0\nCOPY app/ /app/\nRUN dotnet /app/migrate.dll --check\nENTRYPOINT ["dotnet", "/app/migrate.dll"]\n';
let emulator: Emulator;
let azurite: Azurite;
let workspace: string;

const step = (options: Partial<StepOptions> = {}): StepOptions => ({
  action: 'acr-remote-build',
  inputs: { 'subscription-id': SUBSCRIPTION, 'resource-group': RG, registry: REGISTRY, image: 'migrations:1.4.2', 'client-id': emulator.core.identity.clientId, 'tenant-id': emulator.core.identity.tenantId },
  env: emulator.env(),
  workspace,
  timeoutMs: 90_000,
  ...options,
});

/** The Duration row of the step summary, with its Markdown escapes removed. */
const summaryDuration = (summary: string) => /\| \*\*Duration\*\* \| ([^|]+) \|/.exec(summary)?.[1]?.replace(/\\/g, '');

beforeAll(async () => {
  azurite = await startAzurite();
});

afterAll(async () => {
  await azurite?.stop();
});

beforeEach(async () => {
  emulator = await startEmulator();
  await emulator.acr.attachAzurite(azurite);
  emulator.acr.addRegistry({ subscriptionId: SUBSCRIPTION, resourceGroup: RG, name: REGISTRY });
  workspace = mkdtempSync(join(tmpdir(), 'te-acr-failure-'));
  mkdirSync(join(workspace, 'app'));
  writeFileSync(join(workspace, 'Dockerfile'), DOCKERFILE);
  writeFileSync(join(workspace, 'app', 'migrate.dll'), 'binary');
});

afterEach(async () => {
  await emulator.stop();
  rmSync(workspace, { recursive: true, force: true });
});

describe('acr-remote-build failure and duration (committed bundle, emulator)', () => {
  test('a failed RUN instruction: the annotation names the step and the last lines of its log', async () => {
    emulator.acr.script.outcome = 'Failed';
    emulator.acr.script.extraLogLines = 8;
    const result = await runStep(step());
    expect(result.exitCode).toBe(1);
    const run = [...emulator.acr.runs.values()][0]!;
    expect(result.errors).toHaveLength(1);
    const [headline, ...rest] = result.errors[0]!.split('\n');
    expect(headline).toBe(`Run ${run.runId} ended with status Failed: failed during run, err: exit status 1. Failing step: Step 3/4 : RUN dotnet /app/migrate.dll --check (step ID build). Last lines of its log:`);
    expect(rest).toEqual([
      '  build output line 7 of 8 (step 3) ✓',
      '  build output line 8 of 8 (step 3) ✓',
      "  The command '/bin/sh -c dotnet /app/migrate.dll --check' returned a non-zero code: 1",
      expect.stringMatching(/^ {2}\d{4}\/\d{2}\/\d{2} \d{2}:\d{2}:\d{2} Container failed during run: build\. No retries remaining\.$/),
      '  failed to run step ID: build: exit status 1',
    ]);
    expect(result.errors[0]).not.toContain('Run ID:');
  });

  test.each([
    ['a short run', 100],
    ['a run of a few seconds', 700],
  ])('the summary states the duration of %s as the service measured it', async (_, stepDelayMs) => {
    emulator.acr.script.stepDelayMs = stepDelayMs;
    const result = await runStep(step());
    expect(result.exitCode).toBe(0);
    const run = [...emulator.acr.runs.values()][0]!;
    const ms = Date.parse(run.finishTime!) - Date.parse(run.startTime!);
    expect(ms).toBeGreaterThan(0);
    expect(summaryDuration(result.summary)).toBe(`${(Math.round(ms / 100) / 10).toFixed(1)} s`);
    expect(summaryDuration(result.summary)).not.toBe('0.0 s');
  });
});
