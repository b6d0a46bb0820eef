import * as core from '@actions/core';
import { ActionError, markdownLink, maskSecret, type NameValue, neutraliseWorkflowCommands, redactUrl, StepSummary } from '@te-actions/action-kit';
import { connectToAzure, type CommonAzureInputs } from '@te-actions/azure-auth';
import { Deadline, DeadlineExceededError, formatDuration } from '@te-actions/poll';
import type { PlatformProperties, RegistryRef, Run } from './acr-types.js';
import { resolveBuildContext } from './build-context.js';
import { BuildLogPrinter } from './build-log-printer.js';
import { dockerBuildRequest } from './build-request.js';
import { cancelRun } from './cancel-run.js';
import { BuildLogSteps, type FailedStep } from './failed-step.js';
import { followRun } from './follow-run.js';
import { getRun } from './get-run.js';
import { packContext } from './pack-context.js';
import { registryPath } from './registry-path.js';
import { getRunLogUrl } from './run-log-url.js';
import { isSuccessfulRunStatus, isTerminalRunStatus } from './run-status.js';
import { scheduleRun } from './schedule-run.js';
import { getBuildSourceUploadUrl } from './source-upload-url.js';
import { uploadBlockBlob } from './upload-block-blob.js';

/** What the step was asked to build. */
export interface RemoteBuildRequest {
  azure: CommonAzureInputs;
  registry: RegistryRef;
  loginServer: string;
  /** repo:tag names relative to the registry, as ACR takes them. */
  imageNames: string[];
  context: string;
  dockerfile: string;
  /** Send top-level version-control folders (.git, .hg, .svn, .bzr) with the context. */
  includeGit: boolean;
  buildArgs: NameValue[];
  secretBuildArgs: NameValue[];
  target?: string;
  platform: PlatformProperties;
  agentPool?: string;
  noCache: boolean;
  push: boolean;
  timeoutMinutes: number;
}

/** Where main keeps what its post step needs to cancel a run main could not see to its end. */
export interface RemoteBuildState {
  runScheduled(runId: string): void;
  settled(): void;
}

export interface RemoteBuildOptions {
  signal: AbortSignal;
  /** GITHUB_WORKSPACE: the context and Dockerfile paths are relative to it. */
  workspace: string;
  state: RemoteBuildState;
  /** Sets step outputs, as soon as each is known. */
  outputs: (outputs: Record<string, string>) => void;
}

/** Masks a SAS URL as a whole and its signature on its own. */
function maskSasUrl(url: string): void {
  maskSecret(url);
  try {
    maskSecret(new URL(url).searchParams.get('sig') ?? undefined);
  } catch {
    // Not a URL: the whole value is masked already.
  }
}

/**
 * How long the run took, by the service's clock: from its start (or its creation, when it never
 * started) to its finish, or to now while it is still going. Undefined without any time.
 */
export function runDurationMs(run: Run, now = Date.now()): number | undefined {
  const props = run.properties ?? {};
  const from = Date.parse(props.startTime ?? props.createTime ?? '');
  if (!Number.isFinite(from)) return undefined;
  const to = props.finishTime ? Date.parse(props.finishTime) : now;
  return Number.isFinite(to) ? Math.max(0, to - from) : undefined;
}

/** Short runs to a tenth of a second (a 0.6 s build is not "1 s", nor "0 s"). */
export function formatRunDuration(ms: number): string {
  return ms < 10_000 ? `${(Math.round(ms / 100) / 10).toFixed(1)} s` : formatDuration(ms);
}

/** The failing step and the last lines of its log, for the error annotation. */
export function describeFailedStep(step: FailedStep, maxLines = 5): string {
  const where = step.dockerStep ? `${step.dockerStep}${step.stepId ? ` (step ID ${step.stepId})` : ''}` : step.stepId ? `step ID ${step.stepId}` : '';
  const lines = step.lastLines.slice(-maxLines).map((line) => `  ${line.slice(0, 500)}`);
  return [where ? `Failing step: ${where}.` : '', lines.length ? `Last lines of its log:\n${lines.join('\n')}` : ''].filter(Boolean).join(' ');
}

/**
 * Packs the build context, uploads it, schedules an ACR quick build, streams its log and waits
 * for the end. Cancelled or timed out: the run is cancelled. Not successful: the error names the
 * failing step and the last lines of its log. Sets the outputs of a successful build.
 */
export async function buildRemotely(request: RemoteBuildRequest, options: RemoteBuildOptions): Promise<void> {
  const { signal, state } = options;
  for (const arg of request.secretBuildArgs) maskSecret(arg.value);
  const context = resolveBuildContext(options.workspace, request.context, request.dockerfile);
  const ref = request.registry;
  const first = `${request.loginServer}/${request.imageNames[0]}`;

  // Packing starts lazily: this lists the context and refuses a bad .dockerignore before any request.
  const packed = packContext(context.contextDir, { dockerfile: context.dockerfile, dockerfileAsGiven: context.dockerfileAsGiven, includeVcs: request.includeGit });
  if (packed.vcsLeftOut.length) core.info(neutraliseWorkflowCommands(`Left out of the build context: ${packed.vcsLeftOut.join(', ')} (version control; set include-git: true to send it).`));
  const connection = connectToAzure({ ...request.azure, signal });
  const started = Date.now();

  // 1. Pack and upload the context.
  const upload = await getBuildSourceUploadUrl(connection.arm, ref);
  maskSasUrl(upload.uploadUrl);
  core.info(neutraliseWorkflowCommands(`Packing ${request.context} and uploading to ${redactUrl(upload.uploadUrl)}.`));
  const sent = await uploadBlockBlob(upload.uploadUrl, packed.stream, { signal });
  core.info(neutraliseWorkflowCommands(`Uploaded the build context: ${packed.entries.length} entries, ${(sent.bytes / 1024 / 1024).toFixed(2)} MiB in ${sent.blocks} block(s), ${((Date.now() - started) / 1000).toFixed(1)} s.`));

  // 2. Schedule the build.
  const timeoutSeconds = request.timeoutMinutes * 60;
  const buildRequest = dockerBuildRequest({
    imageNames: request.imageNames,
    dockerfile: context.dockerfile,
    sourceLocation: upload.relativePath,
    buildArgs: request.buildArgs,
    secretBuildArgs: request.secretBuildArgs,
    platform: request.platform,
    push: request.push,
    noCache: request.noCache,
    timeoutSeconds,
    target: request.target,
    agentPool: request.agentPool,
  });
  signal.throwIfAborted();
  // Scheduling is not abandoned on cancellation: a run that was queued must be known to be cancelled.
  const scheduled = await scheduleRun(connection.detachedArm(), ref, buildRequest);
  const runId = scheduled.properties.runId;
  state.runScheduled(runId);
  options.outputs({ 'run-id': runId });
  if (signal.aborted) {
    core.info(neutraliseWorkflowCommands(`Cancelling run ${runId}, queued as the workflow was cancelled.`));
    await cancelAndConfirm(runId);
    throw signal.reason;
  }
  core.info(neutraliseWorkflowCommands(`Queued run ${runId} on registry ${ref.registryName}${request.agentPool ? ` (agent pool ${request.agentPool})` : ''}: ${request.imageNames.join(', ')}.`));

  // 3. Follow the run and its log; cancel it when the step is cancelled or times out.
  let run: Run = scheduled;
  let settled = false;
  const steps = new BuildLogSteps();
  try {
    const logLink = await getRunLogUrl(connection.arm, ref, runId);
    maskSasUrl(logLink.url);
    core.info(logLink.kind === 'blob' ? `Streaming the build log from ${redactUrl(logLink.url)}.` : `The build log is kept in the registry (${redactUrl(logLink.url)}); it is printed when the run ends.`);
    const followed = await followRun(connection.arm, ref, runId, {
      logLink,
      printer: new BuildLogPrinter((text) => {
        process.stdout.write(text);
        steps.push(text);
      }),
      // ACR ends the run itself at its timeout; allow a margin for queueing and the last log writes.
      deadline: new Deadline((timeoutSeconds + 120) * 1000, `Run ${runId}`),
      signal,
      onStatus: (current) => (run = current),
    });
    run = followed.run;
    settled = true;
    state.settled();
    if (!followed.logComplete) core.warning(`The log of run ${runId} was not marked complete within 30 s of the run's end; it may be cut short.`);
  } catch (error) {
    const why = signal.aborted ? 'the workflow was cancelled' : error instanceof DeadlineExceededError ? 'it did not finish in time' : 'the step cannot follow it any more';
    core.info(neutraliseWorkflowCommands(`Cancelling run ${runId}: ${why}.`));
    await cancelAndConfirm(runId);
    throw error;
  } finally {
    await writeSummary(run, settled);
  }

  const status = run.properties?.status ?? 'Unknown';
  if (!isSuccessfulRunStatus(status)) {
    const detail = run.properties?.runErrorMessage ? `: ${run.properties.runErrorMessage}` : '';
    const step = describeFailedStep(steps.failedStep());
    throw new ActionError(`Run ${runId} ended with status ${status}${detail}.${step ? ` ${step}` : ' The build log is above.'}`);
  }
  const imageName = request.imageNames[0]!;
  const [repository, tag] = [imageName.slice(0, imageName.lastIndexOf(':')), imageName.slice(imageName.lastIndexOf(':') + 1)];
  const image = run.properties?.outputImages?.find((output) => output.repository === repository && output.tag === tag) ?? run.properties?.outputImages?.[0];
  const digest = image?.digest ?? '';
  if (request.push && !digest) core.warning(`Run ${runId} succeeded but reported no digest for ${first}.`);
  options.outputs({ image: first, digest, 'image-with-digest': digest ? `${request.loginServer}/${repository}@${digest}` : '', 'run-id': runId });
  core.info(neutraliseWorkflowCommands(`Built ${first}${digest ? ` (${digest})` : ''} in run ${runId}.`));

  /**
   * Cancels the run within the runner's grace period. A 409 means the service would not cancel it:
   * the run counts as settled only if it really has ended, otherwise the post step tries again.
   */
  async function cancelAndConfirm(runId: string): Promise<void> {
    const arm = connection.detachedArm(5000);
    try {
      const outcome = await cancelRun(arm, ref, runId);
      if (outcome === 'already-finished') {
        const status = (await getRun(arm, ref, runId)).properties?.status;
        if (!isTerminalRunStatus(status)) {
          core.warning(`Run ${runId} could not be cancelled (HTTP 409) and is ${status ?? 'in an unknown state'}; the post step will try again.`);
          return;
        }
        core.info(neutraliseWorkflowCommands(`Run ${runId} had already ended (${status}).`));
      } else {
        core.info(outcome === 'cancelled' ? `Run ${runId} cancelled.` : `Run ${runId} had already ended (${outcome}).`);
      }
      state.settled();
    } catch (cancelError) {
      core.warning(`Could not cancel run ${runId} (${(cancelError as Error).message}); the post step will try again.`);
    }
  }

  async function writeSummary(current: Run, done: boolean): Promise<void> {
    const props = current.properties ?? {};
    const duration = runDurationMs(current);
    const out = props.outputImages?.[0]?.digest ?? '';
    const portal = `${connection.cloud.portal}/#resource${registryPath(ref)}/tasks`;
    await new StepSummary()
      .heading('acr-remote-build')
      .facts([
        ['Run', { markdown: markdownLink(runId, portal) }],
        ['Status', done ? (props.status ?? 'Unknown') : `${props.status ?? 'Unknown'} (not followed to the end)`],
        ['Duration', duration === undefined ? '—' : formatRunDuration(duration)],
        ['Image', first],
        ['Digest', out || '—'],
        ['Registry', ref.registryName],
      ])
      .write();
  }
}
