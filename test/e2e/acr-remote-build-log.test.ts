import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startAzurite, type Azurite } from '../emulator/azurite.ts';
import { startEmulator, type Emulator } from '../emulator/index.ts';
import { runStep, type StepOptions } from '../runner/run-step.ts';

// The run log as ACR really serves it: the log blob's Complete metadata carries the outcome word,
// and listLogSasUrl may answer logArtifactLink besides or instead of logLink.
const SUBSCRIPTION = '34adfa4f-cedf-4dc0-ba29-b6d1a69ab345';
const RG = 'rg-builds';
const REGISTRY = 'ContosoRegistry';
let emulator: Emulator;
let azurite: Azurite;
let workspace: string;

function step(): StepOptions {
  return {
    action: 'acr-remote-build',
    inputs: { 'subscription-id': SUBSCRIPTION, 'resource-group': RG, registry: REGISTRY, image: 'migrations:1.4.2', 'client-id': emulator.core.identity.clientId, 'tenant-id': emulator.core.identity.tenantId },
    env: emulator.env(),
    workspace,
    timeoutMs: 90_000,
  };
}

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
  workspace = mkdtempSync(join(tmpdir(), 'te-acr-log-'));
  mkdirSync(join(workspace, 'app'));
  writeFileSync(join(workspace, 'Dockerfile'), 'FROM mcr.microsoft.com/dotnet/runtime:8.0\nCOPY app/ /app/\nRUN dotnet /app/migrate.dll --check\n');
  writeFileSync(join(workspace, 'app', 'migrate.dll'), 'binary');
});

afterEach(async () => {
  await emulator.stop();
  rmSync(workspace, { recursive: true, force: true });
});

const onlyRun = () => [...emulator.acr.runs.values()][0]!;

describe('acr-remote-build reads the run log as ACR serves it', () => {
  test('Complete metadata with the outcome word ends the step soon after the run, without a warning', async () => {
    const result = await runStep(step());
    const endedAt = Date.now();
    expect(result.errors).toEqual([]);
    expect(result.exitCode).toBe(0);
    const run = onlyRun();
    expect(result.log).toContain(`Run ID: ${run.runId} was successful`);
    expect(result.annotations.filter((annotation) => annotation.level === 'warning').map((annotation) => annotation.message)).toEqual([]);
    // Without reading the outcome word as "complete", the step waits 30 s after the run and warns.
    expect(endedAt - Date.parse(run.finishTime!)).toBeLessThan(20_000);
  });

  test('a failed outcome word: the whole log, then the failure', async () => {
    emulator.acr.script.outcome = 'Failed';
    const result = await runStep(step());
    expect(result.exitCode).toBe(1);
    expect(result.log).toContain('failed to run step ID: build: exit status 1');
    expect(result.errors[0]).toContain('ended with status Failed');
    expect(result.annotations.filter((annotation) => annotation.level === 'warning')).toEqual([]);
  });

  test('the old Complete=true still counts as complete (fault case)', async () => {
    emulator.acr.completeMetadata = 'true';
    const result = await runStep(step());
    expect(result.exitCode).toBe(0);
    expect(result.annotations.filter((annotation) => annotation.level === 'warning')).toEqual([]);
  });

  test('an answer with logArtifactLink only: the build is followed and its log printed', async () => {
    emulator.acr.logLinks = 'artifact';
    const result = await runStep(step());
    expect(result.errors).toEqual([]);
    expect(result.exitCode).toBe(0);
    const run = onlyRun();
    expect(result.log).toContain(`Run ID: ${run.runId} was successful`);
    expect(result.log.split('\n').filter((line) => line.startsWith('Step 1/3')).length).toBe(1);
    expect(emulator.core.requestsTo('acr.logArtifact').some((request) => request.outcome === 200)).toBe(true);
    expect(emulator.core.requestsTo('blob.head')).toEqual([]);
    expect(result.log).not.toMatch(/sig=/);
  });

  test('an answer with both links uses logArtifactLink, as the Azure CLI does', async () => {
    emulator.acr.logLinks = 'both';
    const result = await runStep(step());
    expect(result.exitCode).toBe(0);
    expect(result.log).toContain(`Run ID: ${onlyRun().runId} was successful`);
    expect(emulator.core.requestsTo('acr.logArtifact').length).toBeGreaterThan(0);
  });
});
