import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readActionMetadata } from './action-metadata.ts';
import { parseFileCommands } from './file-commands.ts';
import { findLeaks, registerSecret } from './secret-guard.ts';
import { parseWorkflowCommands, type Annotation, type ExecutedCommand, type OutputChunk } from './workflow-commands.ts';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface StepOptions {
  /** The action's folder at the repository root, e.g. "update-job-image". */
  action: string;
  inputs?: Record<string, string>;
  /** Extra environment, e.g. the emulator's endpoints. */
  env?: Record<string, string>;
  phase?: 'main' | 'post';
  /** For the post phase: the state the main phase saved. */
  state?: Record<string, string>;
  /** Send SIGINT this long after start (the runner's cancellation). */
  cancelAfterMs?: number;
  /** Send SIGINT once stdout so far satisfies this. */
  cancelWhen?: (stdout: string) => boolean;
  /** Send SIGINT once this settles (e.g. when the emulator has seen a given request). */
  cancelOn?: Promise<unknown>;
  /** Delay from SIGINT to SIGTERM; the runner uses 7.5 s. */
  sigtermAfterMs?: number;
  /** Kill the process (SIGKILL) after this long. */
  timeoutMs?: number;
  /** Called with each stdout chunk as it arrives. */
  onStdout?: (chunk: string) => void;
  /** The GitHub context, merged over the defaults below. */
  github?: Partial<GitHubContext>;
  /**
   * By default a step whose visible output (log, stderr, summary, outputs, exported env) contains a
   * secret fails the test. Only a test of the guard itself turns this off.
   */
  allowSecretsInOutput?: boolean;
  /** Use this directory as GITHUB_WORKSPACE (and working directory) instead of a new empty one. */
  workspace?: string;
}

export interface GitHubContext {
  repository: string;
  runId: string;
  runAttempt: string;
  actor: string;
  triggeringActor: string;
  eventName: string;
  ref: string;
  sha: string;
  workflow: string;
  job: string;
  serverUrl: string;
  token: string;
  event: Record<string, unknown>;
}

export interface StepResult {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  outputs: Record<string, string>;
  state: Record<string, string>;
  exportedEnv: Record<string, string>;
  summary: string;
  annotations: Annotation[];
  errors: string[];
  masks: string[];
  groups: string[];
  /** The log as shown in the Actions UI (commands consumed, secrets masked). */
  log: string;
  /** Every stdout and stderr line except the add-mask commands the runner consumed, before masking. */
  unmasked: string;
  /** Every workflow command the runner processed (from stdout and stderr), in order. */
  commands: ExecutedCommand[];
  /** A workflow command made the runner fail the step. */
  commandFailed: boolean;
  stdout: string;
  stderr: string;
  durationMs: number;
  /** ms from start to SIGINT, when the step was cancelled. */
  cancelledAtMs?: number;
  /** ms from start to exit. */
  exitedAtMs: number;
  runnerTemp: string;
  /** Date.now() when the process was spawned. */
  spawnedAt: number;
}

const DEFAULT_CONTEXT: GitHubContext = {
  repository: 'contoso/migrations',
  runId: '7001',
  runAttempt: '1',
  actor: 'alice',
  triggeringActor: 'alice',
  eventName: 'workflow_dispatch',
  ref: 'refs/heads/main',
  sha: '4f1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c',
  workflow: 'prod',
  job: 'deploy',
  serverUrl: 'https://github.com',
  token: 'ghs_emulatedWorkflowToken000000000000000',
  event: { inputs: {} },
};

function evaluateDefault(value: string, context: GitHubContext): string {
  return value.replace(/\$\{\{\s*github\.token\s*\}\}/g, context.token).replace(/\$\{\{\s*github\.repository\s*\}\}/g, context.repository);
}

/** Runs one phase of an action from its committed bundle the way the Actions runner does. */
export async function runStep(options: StepOptions): Promise<StepResult> {
  const metadata = readActionMetadata(REPO_ROOT, options.action);
  const phase = options.phase ?? 'main';
  const entry = phase === 'main' ? metadata.runs.main : metadata.runs.post;
  if (!entry) throw new Error(`${options.action} has no ${phase} step`);
  const script = resolve(REPO_ROOT, options.action, entry);
  const context: GitHubContext = { ...DEFAULT_CONTEXT, ...options.github };
  // The workflow token (github.token) must never be visible either.
  registerSecret(context.token);

  const temp = mkdtempSync(join(tmpdir(), `te-runner-${options.action}-`));
  const runnerTemp = join(temp, 'runner-temp');
  const workspace = options.workspace ?? join(temp, 'workspace');
  mkdirSync(runnerTemp);
  if (!options.workspace) mkdirSync(workspace);
  const files = { output: join(temp, 'output'), state: join(temp, 'state'), summary: join(temp, 'summary.md'), env: join(temp, 'env'), path: join(temp, 'path'), event: join(temp, 'event.json') };
  for (const file of [files.output, files.state, files.summary, files.env, files.path]) writeFileSync(file, '');
  writeFileSync(files.event, JSON.stringify(context.event));

  // Defaults from action.yml, then INPUT_* given through `env` (the emulator's env() sets
  // allow-custom-endpoints for every step), then the step's own inputs, which win.
  const defaultEnv: Record<string, string> = {};
  const inputEnv: Record<string, string> = {};
  for (const name of Object.keys(options.inputs ?? {})) {
    if (!(name in metadata.inputs)) throw new Error(`Input '${name}' is not declared in ${options.action}/action.yml`);
  }
  for (const [name, input] of Object.entries(metadata.inputs)) {
    const variable = `INPUT_${name.replace(/ /g, '_').toUpperCase()}`;
    if (options.inputs?.[name] !== undefined) inputEnv[variable] = options.inputs[name]!;
    else if (input.default !== undefined) defaultEnv[variable] = evaluateDefault(String(input.default), context);
  }
  const stateEnv = Object.fromEntries(Object.entries(options.state ?? {}).map(([name, value]) => [`STATE_${name}`, value]));
  const [owner] = context.repository.split('/');
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: process.env.HOME ?? temp,
    LANG: 'C.UTF-8',
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    GITHUB_ACTION: options.action.replace(/-/g, '_'),
    GITHUB_ACTION_PATH: join(REPO_ROOT, options.action),
    GITHUB_ACTION_REPOSITORY: 'contoso/te-actions',
    GITHUB_REPOSITORY: context.repository,
    GITHUB_REPOSITORY_OWNER: owner ?? '',
    GITHUB_RUN_ID: context.runId,
    GITHUB_RUN_ATTEMPT: context.runAttempt,
    GITHUB_RUN_NUMBER: '42',
    GITHUB_ACTOR: context.actor,
    GITHUB_TRIGGERING_ACTOR: context.triggeringActor,
    GITHUB_EVENT_NAME: context.eventName,
    GITHUB_EVENT_PATH: files.event,
    GITHUB_REF: context.ref,
    GITHUB_REF_NAME: context.ref.replace(/^refs\/(heads|tags)\//, ''),
    GITHUB_SHA: context.sha,
    GITHUB_WORKFLOW: context.workflow,
    GITHUB_JOB: context.job,
    GITHUB_SERVER_URL: context.serverUrl,
    GITHUB_API_URL: 'https://api.github.com',
    GITHUB_WORKSPACE: workspace,
    GITHUB_OUTPUT: files.output,
    GITHUB_STATE: files.state,
    GITHUB_STEP_SUMMARY: files.summary,
    GITHUB_ENV: files.env,
    GITHUB_PATH: files.path,
    RUNNER_TEMP: runnerTemp,
    RUNNER_OS: 'Linux',
    RUNNER_ARCH: 'X64',
    RUNNER_NAME: 'te-actions-test-runner',
    ...defaultEnv,
    ...stateEnv,
    ...options.env,
    ...inputEnv,
  };

  const started = Date.now();
  const child = spawn(process.env.TE_NODE ?? process.execPath, [script], { cwd: workspace, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  // Both streams, in arrival order: the runner reads them at once with one command manager.
  const chunks: OutputChunk[] = [];
  let cancelledAtMs: number | undefined;
  const timers: NodeJS.Timeout[] = [];
  let closed = false;
  const cancel = () => {
    if (cancelledAtMs !== undefined || closed) return;
    cancelledAtMs = Date.now() - started;
    child.kill('SIGINT');
    timers.push(setTimeout(() => child.kill('SIGTERM'), options.sigtermAfterMs ?? 7500));
    timers.push(setTimeout(() => child.kill('SIGKILL'), (options.sigtermAfterMs ?? 7500) + 5000));
  };
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
    chunks.push({ stream: 'stdout', text: chunk });
    options.onStdout?.(chunk);
    if (options.cancelWhen?.(stdout)) cancel();
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
    chunks.push({ stream: 'stderr', text: chunk });
  });
  if (options.cancelAfterMs !== undefined) timers.push(setTimeout(cancel, options.cancelAfterMs));
  options.cancelOn?.then(cancel, cancel);
  if (options.timeoutMs !== undefined) timers.push(setTimeout(() => child.kill('SIGKILL'), options.timeoutMs));
  const [exitCode, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((done) => child.on('close', (code, sig) => done([code, sig])));
  closed = true;
  timers.forEach(clearTimeout);
  const exitedAtMs = Date.now() - started;

  const parsed = parseWorkflowCommands(chunks);
  // set-output / save-state commands still set values; the files are read after the step, so they win.
  const outputs = { ...parsed.outputs, ...parseFileCommands(files.output) };
  const state = { ...parsed.state, ...parseFileCommands(files.state) };
  const exportedEnv = parseFileCommands(files.env);
  const summary = readFileSync(files.summary, 'utf8');
  if (!options.allowSecretsInOutput) {
    const visible = [parsed.unmasked.join('\n'), summary, JSON.stringify(outputs), JSON.stringify(exportedEnv)].join('\n');
    const leaks = findLeaks(visible);
    if (leaks.length) throw new Error(`${options.action} (${phase}) exposed secrets in its visible output: ${leaks.join('; ')}`);
  }
  return {
    exitCode,
    signal,
    outputs,
    state,
    exportedEnv,
    summary,
    annotations: parsed.annotations,
    errors: parsed.annotations.filter((annotation) => annotation.level === 'error').map((annotation) => annotation.message),
    masks: parsed.masks,
    groups: parsed.groups,
    log: parsed.displayed.join('\n'),
    unmasked: parsed.unmasked.join('\n'),
    commands: parsed.executed,
    commandFailed: parsed.commandFailed,
    stdout,
    stderr,
    durationMs: exitedAtMs,
    cancelledAtMs,
    exitedAtMs,
    runnerTemp,
    spawnedAt: started,
  };
}

/** Runs main, then post when the action has one (as the runner does, even after failure or cancel). */
export async function runStepWithPost(options: StepOptions): Promise<{ main: StepResult; post?: StepResult }> {
  const main = await runStep({ ...options, phase: 'main' });
  const metadata = readActionMetadata(REPO_ROOT, options.action);
  if (!metadata.runs.post) return { main };
  const post = await runStep({ ...options, phase: 'post', state: main.state, cancelAfterMs: undefined, cancelWhen: undefined, cancelOn: undefined });
  return { main, post };
}
