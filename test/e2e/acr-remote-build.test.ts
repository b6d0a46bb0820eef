import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startAzurite, type Azurite } from '../emulator/azurite.ts';
import { startEmulator, type Emulator } from '../emulator/index.ts';
import { runStep, runStepWithPost, type StepOptions } from '../runner/run-step.ts';

const SUBSCRIPTION = '34adfa4f-cedf-4dc0-ba29-b6d1a69ab345';
const RG = 'rg-builds';
const REGISTRY = 'ContosoRegistry';
let emulator: Emulator;
let azurite: Azurite;
let workspace: string;

function inputs(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    'subscription-id': SUBSCRIPTION,
    'resource-group': RG,
    registry: REGISTRY,
    image: 'migrations:1.4.2',
    'client-id': emulator.core.identity.clientId,
    'tenant-id': emulator.core.identity.tenantId,
    ...overrides,
  };
}

function step(overrides: Record<string, string> = {}, options: Partial<StepOptions> = {}): StepOptions {
  return { action: 'acr-remote-build', inputs: inputs(overrides), env: emulator.env(), workspace, timeoutMs: 90_000, ...options };
}

function writeTree(files: Record<string, string>): void {
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(workspace, path, '..'), { recursive: true });
    writeFileSync(join(workspace, path), content);
  }
}

const DOCKERFILE = 'FROM mcr.microsoft.com/dotnet/runtime:8.0\nARG VERSION\nCOPY app/ /app/\nRUN dotnet /app/migrate.dll --check\nENTRYPOINT ["dotnet", "/app/migrate.dll"]\n';

beforeAll(async () => {
  azurite = await startAzurite();
});

afterAll(async () => {
  await azurite?.stop();
});

beforeEach(async () => {
  emulator = await startEmulator();
  await emulator.acr.attachAzurite(azurite);
  emulator.acr.addRegistry({ subscriptionId: SUBSCRIPTION, resourceGroup: RG, name: REGISTRY, agentPools: ['vnet-pool'] });
  workspace = mkdtempSync(join(tmpdir(), 'te-acr-workspace-'));
  writeTree({ Dockerfile: DOCKERFILE, 'app/migrate.dll': 'binary', 'app/notes.md': '# notes', 'secrets.env': 'PASSWORD=x', '.dockerignore': '*.env\n**/*.md\n' });
});

afterEach(async () => {
  await emulator.stop();
  rmSync(workspace, { recursive: true, force: true });
});

describe('acr-remote-build (committed bundle, emulator over TLS, blobs in Azurite)', () => {
  test('uploads the context, builds, streams the log and outputs the digest', async () => {
    const result = await runStep(step({ image: 'migrations:1.4.2\ncontosoregistry.azurecr.io/migrations:latest', 'agent-pool': 'vnet-pool', target: 'final', 'no-cache': 'true' }));
    expect(result.errors).toEqual([]);
    expect(result.exitCode).toBe(0);
    const run = [...emulator.acr.runs.values()][0]!;
    const digest = run.outputImages[0]!.digest;
    expect(digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(result.outputs).toEqual({
      'run-id': run.runId,
      image: 'contosoregistry.azurecr.io/migrations:1.4.2',
      digest,
      'image-with-digest': `contosoregistry.azurecr.io/migrations@${digest}`,
    });
    // The request as ACR receives it.
    const body = emulator.core.requestsTo('acr.scheduleRun')[0]!.body as Record<string, unknown>;
    expect(body).toMatchObject({
      type: 'DockerBuildRequest',
      imageNames: ['migrations:1.4.2', 'migrations:latest'],
      dockerFilePath: 'Dockerfile',
      platform: { os: 'Linux', architecture: 'amd64' },
      isPushEnabled: true,
      noCache: true,
      timeout: 3600,
      target: 'final',
      agentPoolName: 'vnet-pool',
    });
    expect(emulator.core.requestsTo('acr.scheduleRun')[0]!.query).toContain('api-version=2019-06-01-preview');
    // .dockerignore honoured; Dockerfile and .dockerignore kept.
    expect(run.archiveEntries.sort()).toEqual(['.dockerignore', 'Dockerfile', 'app', 'app/migrate.dll']);
    // Every log line printed once, in order, and the end of the log reached.
    expect(result.log).toContain('Step 4/5 : RUN dotnet /app/migrate.dll --check');
    expect(result.log.split('\n').filter((line) => line.startsWith('Step 1/5')).length).toBe(1);
    expect(result.log).toContain(`Run ID: ${run.runId} was successful`);
    expect(result.log.indexOf('Step 1/5')).toBeLessThan(result.log.indexOf('Step 5/5'));
    expect(result.log).not.toMatch(/sig=/);
    expect(result.summary).toContain(run.runId);
    expect(result.summary).toContain('Succeeded');
    expect(result.summary).toContain(digest);
    expect(result.state['acr-run-settled']).toBe('true');
  });

  test('the same tree gives the same archive and digest', async () => {
    const first = await runStep(step());
    const second = await runStep(step());
    expect(first.exitCode).toBe(0);
    expect(second.outputs.digest).toBe(first.outputs.digest);
    const [a, b] = [...emulator.acr.runs.values()];
    expect(a!.archiveSha256).toBe(b!.archiveSha256);
  });

  test('top-level .git is left out and the log says so; include-git sends it', async () => {
    writeTree({ '.git/config': '[http "https://github.com/"]\n\textraheader = AUTHORIZATION: basic eC1hY2Nlc3MtdG9rZW4=\n', '.git/HEAD': 'ref: refs/heads/main\n' });
    const left = await runStep(step());
    expect(left.exitCode).toBe(0);
    expect(left.log).toContain('Left out of the build context: .git (version control; set include-git: true to send it).');
    expect([...emulator.acr.runs.values()][0]!.archiveEntries.sort()).toEqual(['.dockerignore', 'Dockerfile', 'app', 'app/migrate.dll']);
    const sent = await runStep(step({ 'include-git': 'true' }));
    expect(sent.exitCode).toBe(0);
    expect(sent.log).not.toContain('Left out of the build context');
    expect([...emulator.acr.runs.values()][1]!.archiveEntries).toEqual(expect.arrayContaining(['.git', '.git/config', '.git/HEAD']));
  });

  test('a .dockerignore pattern Docker refuses stops the step before any request, naming the line', async () => {
    writeTree({ '.dockerignore': '*.env\n# keep docs out\ndocs/[]a]\n' });
    const result = await runStep(step());
    expect(result.exitCode).toBe(1);
    expect(result.errors[0]).toContain('.dockerignore line 3 has the pattern "docs/[]a]", which Docker refuses');
    expect(emulator.core.requests).toEqual([]);
  });

  test('a failing build exits 1 with the build log printed', async () => {
    emulator.acr.script.outcome = 'Failed';
    const result = await runStep(step());
    expect(result.exitCode).toBe(1);
    const run = [...emulator.acr.runs.values()][0]!;
    expect(result.log).toContain("The command '/bin/sh -c dotnet /app/migrate.dll --check' returned a non-zero code: 1");
    expect(result.errors[0]).toContain(`Run ${run.runId} ended with status Failed: failed during run, err: exit status 1`);
    expect(result.outputs['run-id']).toBe(run.runId);
    expect(result.outputs.digest).toBeUndefined();
    expect(result.summary).toContain('Failed');
  });

  test('Timeout and Error statuses fail the step', async () => {
    emulator.acr.script.outcome = 'Timeout';
    const timeout = await runStep(step());
    expect(timeout.exitCode).toBe(1);
    expect(timeout.errors[0]).toContain('ended with status Timeout');
    emulator.acr.script.outcome = 'Error';
    const error = await runStep(step());
    expect(error.exitCode).toBe(1);
    expect(error.errors[0]).toContain('ended with status Error');
  });

  test('SIGINT cancels the run within 5 s, and the post step has nothing left to do', async () => {
    emulator.acr.script.outcome = 'hang';
    const { main, post } = await runStepWithPost(step({}, { cancelWhen: (stdout) => stdout.includes('Step 1/5') }));
    const run = [...emulator.acr.runs.values()][0]!;
    expect(main.cancelledAtMs).toBeDefined();
    expect(run.cancelRequestedAt).toBeDefined();
    expect(run.cancelRequestedAt! - (main.spawnedAt + main.cancelledAtMs!)).toBeLessThan(5000);
    expect(main.exitCode).toBe(1);
    expect(main.errors[0]).toMatch(/Cancelled \(SIGINT\)/);
    expect(main.log).toContain(`Run ${run.runId} cancelled.`);
    await run.done;
    expect(run.status).toBe('Canceled');
    expect(post!.exitCode).toBe(0);
    expect(emulator.core.requestsTo('acr.runs.cancel')).toHaveLength(1);
  });

  test('the post step cancels a run that main did not see end', async () => {
    emulator.acr.script.outcome = 'hang';
    emulator.acr.script.queueMs = 120_000;
    // main is killed outright (SIGKILL, no chance to cancel) while it follows the queued run.
    const main = await runStep(step({}, { timeoutMs: 10_000 }));
    expect(main.signal).toBe('SIGKILL');
    const run = [...emulator.acr.runs.values()][0]!;
    expect(main.state['acr-run-id']).toBe(run.runId);
    expect(main.state['acr-run-settled']).toBeUndefined();
    expect(run.cancelRequestedAt).toBeUndefined();
    const post = await runStep(step({}, { phase: 'post', state: main.state }));
    expect(post.exitCode).toBe(0);
    expect(post.log).toContain(`Run ${run.runId} was still going: cancelled it.`);
    expect(run.cancelRequestedAt).toBeDefined();
    // A post step after a run that ended does not cancel anything.
    await run.done;
    const again = await runStep(step({}, { phase: 'post', state: main.state }));
    expect(again.log).toContain(`Run ${run.runId} had already ended (Canceled).`);
    expect(emulator.core.requestsTo('acr.runs.cancel')).toHaveLength(1);
  });

  test('429 and 5xx during upload, scheduling and polling are retried', async () => {
    // Force a multi-block upload: 9 MB of incompressible data.
    writeFileSync(join(workspace, 'app', 'blob.bin'), Buffer.from(Array.from({ length: 9 * 1024 * 1024 }, () => Math.floor(Math.random() * 256))));
    emulator.inject(
      { route: 'acr.uploadUrl', status: 503, retryAfter: 0 },
      { route: 'blob.put', status: 503, retryAfter: 0 },
      { route: 'blob.put', status: 429, retryAfter: 1 },
      { route: 'blob.put', status: 500 },
      { route: 'acr.scheduleRun', status: 429, retryAfter: 1 },
      { route: 'acr.runs.get', status: 500 },
      { route: 'acr.runs.get', status: 429, retryAfter: 1 },
      { route: 'blob.head', status: 503 },
      { route: 'blob.get', status: 500 },
    );
    const result = await runStep(step());
    expect(result.errors).toEqual([]);
    expect(result.exitCode).toBe(0);
    const puts = emulator.core.requestsTo('blob.put');
    expect(puts.filter((request) => request.outcome === 503 || request.outcome === 429 || request.outcome === 500)).toHaveLength(3);
    expect(puts.some((request) => request.query.includes('comp=blocklist') && request.outcome === 201)).toBe(true);
    expect(emulator.core.requestsTo('acr.scheduleRun').map((request) => request.outcome)).toEqual([429, 200]);
    expect(emulator.core.requestsTo('acr.runs.get').slice(0, 2).map((request) => request.outcome)).toEqual([500, 429]);
    expect(result.log).toMatch(/HTTP 429; retrying in 1\.0 s/);
    const run = [...emulator.acr.runs.values()][0]!;
    expect(run.archiveEntries).toContain('app/blob.bin');
    expect(result.log).toContain(`Run ID: ${run.runId} was successful`);
    expect(result.outputs.digest).toBe(run.outputImages[0]!.digest);
  });

  test('build args with quotes, $() and newlines reach the request unchanged; secret ones are masked', async () => {
    const tricky = `He said "hi" and 'bye' $(rm -rf /) \`id\` ; echo $HOME | cat`;
    const secret = 'S3cr3t-$(whoami)-"quoted"';
    const multiLine = 'line one "quoted"\n  $(line two)\nline three; rm -rf /';
    const result = await runStep(step({ 'build-args': `VERSION=1.4.2\nTRICKY=${tricky}\nNOTES<<END_OF_NOTES\n${multiLine}\nEND_OF_NOTES\nEMPTY=\nEQUALS=a=b=c`, 'secret-build-args': `DB_PASSWORD=${secret}` }));
    expect(result.exitCode).toBe(0);
    const body = emulator.core.requestsTo('acr.scheduleRun')[0]!.body as { arguments: unknown[] };
    expect(body.arguments).toEqual([
      { name: 'VERSION', value: '1.4.2', isSecret: false },
      { name: 'TRICKY', value: tricky, isSecret: false },
      { name: 'NOTES', value: multiLine, isSecret: false },
      { name: 'EMPTY', value: '', isSecret: false },
      { name: 'EQUALS', value: 'a=b=c', isSecret: false },
      { name: 'DB_PASSWORD', value: secret, isSecret: true },
    ]);
    expect(result.masks).toContain(secret);
    expect(result.stdout.replace(/^::add-mask::.*$/gm, '')).not.toContain(secret);
  });

  test('a build-args line without = is refused before any Azure call', async () => {
    const result = await runStep(step({ 'build-args': 'GOOD=1\nthis line has no equals sign' }));
    expect(result.exitCode).toBe(1);
    expect(result.errors[0]).toContain('build-args');
    expect(result.errors[0]).toContain("line 2 without '='");
    expect(emulator.core.requests.filter((request) => request.routeId.startsWith('acr.'))).toHaveLength(0);
  });

  test('bad inputs are clear errors before any Azure call', async () => {
    writeTree({ 'outside/Dockerfile': 'FROM scratch\n' });
    const cases: [Record<string, string>, string][] = [
      [{ registry: 'my-registry' }, "Input 'registry' has the value \"my-registry\", which breaks Azure's naming rules"],
      [{ registry: 'abc' }, 'a container registry name: 5-50 letters and digits'],
      [{ image: 'migrations' }, 'without a tag or digest'],
      [{ image: 'docker.io/library/migrations:1' }, 'on registry docker.io'],
      [{ context: 'no-such-dir' }, 'does not exist in the workspace'],
      [{ context: '../..' }, 'points outside the workspace'],
      [{ dockerfile: 'Dockerfile.prod' }, 'Dockerfile.prod does not exist'],
      [{ dockerfile: '../etc/passwd' }, 'points outside the build context'],
      [{ platform: 'linux/sparc' }, 'has the architecture "sparc"'],
      [{ 'timeout-minutes': '1' }, 'timeout-minutes'],
    ];
    for (const [overrides, message] of cases) {
      const result = await runStep(step(overrides));
      expect(result.exitCode).toBe(1);
      expect(result.errors.join('\n')).toContain(message);
    }
    expect(emulator.core.requests.filter((request) => request.routeId.startsWith('acr.'))).toHaveLength(0);
  });

  test('a context symlinked outside the workspace is refused', async () => {
    const outside = mkdtempSync(join(tmpdir(), 'te-acr-outside-'));
    writeFileSync(join(outside, 'Dockerfile'), 'FROM scratch\n');
    symlinkSync(outside, join(workspace, 'linked'));
    const result = await runStep(step({ context: 'linked' }));
    expect(result.exitCode).toBe(1);
    expect(result.errors[0]).toContain('resolves (through a symbolic link) outside the workspace');
    rmSync(outside, { recursive: true, force: true });
  });

  test('a Dockerfile and .dockerignore excluded by .dockerignore are still sent', async () => {
    writeTree({ '.dockerignore': 'Dockerfile\n.dockerignore\n*.env\n' });
    const kept = await runStep(step());
    expect(kept.exitCode).toBe(0);
    expect([...emulator.acr.runs.values()][0]!.archiveEntries).toEqual(expect.arrayContaining(['Dockerfile', '.dockerignore']));
  });
});
