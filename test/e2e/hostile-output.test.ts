import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { neutraliseWorkflowCommands } from '../../packages/action-kit/src/untrusted-text.ts';
import { startAzurite, type Azurite } from '../emulator/azurite.ts';
import { startEmulator, type Emulator } from '../emulator/index.ts';
import { runStep, runStepWithPost, type StepResult } from '../runner/run-step.ts';
import { expectNoSecrets } from './secret-scan.ts';

/**
 * Every action that prints remote text, run once per path with the whole hostile corpus in what it
 * prints (job console lines live and from Log Analytics, the ACR build log, Azure's image names), on
 * paths where a token is registered after the hostile lines (token refresh, cancellation, a broken
 * live stream). Parsed as actions/runner parses output: no command from remote text runs, no secret
 * shows, no output or state is forged, and every hostile line is shown to the reader.
 */
interface HostileLine {
  text: string;
  runs: string | null;
  note: string;
}

const CORPUS = (JSON.parse(readFileSync(new URL('./hostile-lines.json', import.meta.url), 'utf8')) as HostileLine[]).map((line) => line.text);
/** Job console lines are single lines (the container runtime splits at \n); the build log is free text. */
const JOB_LINES = CORPUS.filter((text) => !text.includes('\n'));
const END = 'end of hostile lines';
const SUBSCRIPTION = '34adfa4f-cedf-4dc0-ba29-b6d1a69ab345';
/** What the actions themselves issue; anything else in the run came from remote text. */
const OWN_COMMANDS = new Set(['add-mask', 'group', 'endgroup', 'error', 'warning', 'debug']);

let emulator: Emulator;

function expectNothingRan(result: StepResult, shown: string[]): void {
  const foreign = result.commands.filter((command) => !OWN_COMMANDS.has(command.command) || /hostile/i.test(command.line));
  expect(foreign.map((command) => command.line)).toEqual([]);
  expect(result.commandFailed).toBe(false);
  expect(result.masks.filter((mask) => /hostile/i.test(mask))).toEqual([]);
  // Shown as written (one look-alike character aside), each runner line of it.
  const log = new Set(result.log.split('\n'));
  const missing = shown.flatMap((text) => neutraliseWorkflowCommands(text).split(/\r\n|\r|\n/)).filter((line) => line && !log.has(line));
  expect(missing.map((line) => JSON.stringify(line))).toEqual([]);
}

/** A token was registered (add-mask) after the last hostile line had been printed. */
function expectMaskAfterHostileLines(result: StepResult, last: string): void {
  const at = result.stdout.lastIndexOf(last);
  expect(at).toBeGreaterThanOrEqual(0);
  expect(result.stdout.indexOf('::add-mask::', at)).toBeGreaterThan(at);
}

function identityInputs(): Record<string, string> {
  return { 'subscription-id': SUBSCRIPTION, 'client-id': emulator.core.identity.clientId, 'tenant-id': emulator.core.identity.tenantId };
}

beforeEach(async () => {
  emulator = await startEmulator();
  // Short-lived tokens: each one renewed during the run is masked after the hostile lines.
  emulator.core.identity.accessTokenLifetimeSeconds = 2;
  emulator.core.identity.idTokenLifetimeSeconds = 2;
});

afterEach(async () => {
  await emulator.stop();
});

describe('container jobs: console lines', () => {
  beforeEach(() => {
    emulator.containerApps.addJob({ subscriptionId: SUBSCRIPTION, resourceGroup: 'rg-migrations', name: 'migrate-db', containers: [{ name: 'migrate', image: 'contoso.azurecr.io/migrations:1.4.1' }] });
  });
  const jobInputs = (more: Record<string, string> = {}) => ({ ...identityInputs(), 'resource-group': 'rg-migrations', 'job-name': 'migrate-db', 'poll-interval-seconds': '1', ...more });

  test('run-job-and-wait, live stream, tokens renewed after the hostile lines', async () => {
    emulator.executions.script('migrate-db', { durationMs: 6000, finalStatus: 'Failed', lines: [...JOB_LINES, END, ...Array.from({ length: 30 }, (_, i) => `line ${i + 1}`)] });
    const result = await runStep({ action: 'run-job-and-wait', inputs: jobInputs(), env: emulator.env(), timeoutMs: 90_000 });
    expect(result.exitCode).toBe(1);
    expect(result.errors).toEqual([expect.stringContaining('ended with status Failed')]);
    expect(result.outputs.status).toBe('Failed');
    expectNothingRan(result, JOB_LINES);
    expectMaskAfterHostileLines(result, END);
    expectNoSecrets(result, emulator, [...emulator.executions.tokens.keys()]);
  });

  test('run-job-and-wait, the live stream breaks, Log Analytics completes the log, then the run is cancelled: stop and post use fresh tokens', async () => {
    emulator.executions.liveStreamBreakAfter = 3;
    emulator.logAnalytics.ingestionDelayMs = 500;
    emulator.executions.script('migrate-db', { durationMs: 3000, finalStatus: 'Succeeded', hang: true, lines: [...JOB_LINES, END] });
    const { main, post } = await runStepWithPost({ action: 'run-job-and-wait', inputs: jobInputs(), env: emulator.env(), timeoutMs: 90_000, cancelWhen: (stdout) => stdout.includes(END) });
    expect(main.cancelledAtMs).toBeDefined();
    expect(main.exitCode).toBe(1);
    expect(main.errors[0]).toContain('Cancelled (SIGINT)');
    expect(emulator.core.requestsTo('loganalytics.query').length).toBeGreaterThanOrEqual(1);
    // Nothing forged: the status is not Succeeded, the post step gets the real execution.
    const execution = [...emulator.executions.executions.values()][0]!;
    expect(main.outputs.status).not.toBe('Succeeded');
    expect(main.state['execution-name'] ?? execution.name).toBe(execution.name);
    expectNothingRan(main, JOB_LINES);
    expectMaskAfterHostileLines(main, END);
    expect(post!.exitCode).toBe(0);
    expectNothingRan(post!, []);
    expect(emulator.core.requestsTo('executions.stop').length).toBeGreaterThanOrEqual(1);
    expectNoSecrets(main, emulator, [...emulator.executions.tokens.keys()]);
  });

  test('stream-log-analytics, Log Analytics rows with tokens renewed after them', async () => {
    emulator.executions.liveStream = false;
    emulator.logAnalytics.ingestionDelayMs = 500;
    emulator.executions.script('migrate-db', { durationMs: 5000, finalStatus: 'Succeeded', lines: [...JOB_LINES, END, ...Array.from({ length: 20 }, (_, i) => `line ${i + 1}`)] });
    const job = emulator.containerApps.job(SUBSCRIPTION, 'rg-migrations', 'migrate-db')!;
    const name = emulator.executions.start(job, structuredClone(job.resource.properties.template)).name;
    const { 'poll-interval-seconds': _poll, ...common } = jobInputs();
    const result = await runStep({ action: 'stream-log-analytics', inputs: { ...common, 'execution-name': name, 'grace-seconds': '8' }, env: emulator.env(), timeoutMs: 90_000 });
    expect(result.errors).toEqual([]);
    expect(result.exitCode).toBe(0);
    expectNothingRan(result, JOB_LINES);
    expectMaskAfterHostileLines(result, END);
    expectNoSecrets(result, emulator);
  });

  test('update-job-image: an image name Azure returns is shown, never run', async () => {
    const hostileImage = 'contoso.azurecr.io/migrations:1.4.1 ##[stop-commands]hostile-image\n::set-output name=previous-image::hostile';
    emulator.containerApps.job(SUBSCRIPTION, 'rg-migrations', 'migrate-db')!.resource.properties.template.containers[0].image = hostileImage;
    const result = await runStep({ action: 'update-job-image', inputs: { ...identityInputs(), 'resource-group': 'rg-migrations', 'job-name': 'migrate-db', image: 'contoso.azurecr.io/migrations:1.4.2' }, env: emulator.env(), timeoutMs: 60_000 });
    expect(result.exitCode).toBe(0);
    expect(result.outputs['previous-image']).toBe(hostileImage);
    expectNothingRan(result, []);
    for (const part of neutraliseWorkflowCommands(hostileImage).split('\n')) expect(result.log).toContain(part);
  });
});

describe('acr-remote-build: the build log', () => {
  let azurite: Azurite;
  let workspace: string;
  beforeAll(async () => {
    azurite = await startAzurite();
  });
  afterAll(async () => {
    await azurite?.stop();
  });
  afterEach(() => rmSync(workspace, { recursive: true, force: true }));

  test('RUN output full of hostile lines, tokens renewed while the build goes on', async () => {
    await emulator.acr.attachAzurite(azurite);
    emulator.acr.addRegistry({ subscriptionId: SUBSCRIPTION, resourceGroup: 'rg-builds', name: 'ContosoRegistry' });
    emulator.acr.script.runOutput = [...CORPUS, END];
    emulator.acr.script.stepDelayMs = 1200;
    workspace = mkdtempSync(join(tmpdir(), 'te-hostile-'));
    mkdirSync(join(workspace, 'app'));
    writeFileSync(join(workspace, 'app', 'migrate.dll'), 'binary');
    writeFileSync(join(workspace, 'Dockerfile'), 'FROM mcr.microsoft.com/dotnet/runtime:8.0\nCOPY app/ /app/\nRUN dotnet /app/migrate.dll --check\nENV A=1\nENTRYPOINT ["dotnet", "/app/migrate.dll"]\n');
    const result = await runStep({ action: 'acr-remote-build', inputs: { ...identityInputs(), 'resource-group': 'rg-builds', registry: 'ContosoRegistry', image: 'migrations:1.4.2' }, env: emulator.env(), workspace, timeoutMs: 90_000 });
    expect(result.errors).toEqual([]);
    expect(result.exitCode).toBe(0);
    expect(result.outputs.digest).toMatch(/^sha256:/);
    expectNothingRan(result, CORPUS);
    expectMaskAfterHostileLines(result, END);
    expectNoSecrets(result, emulator);
  });
});
