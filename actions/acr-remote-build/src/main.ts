import * as core from '@actions/core';
import { ActionError, markdownLink, maskSecret, redactUrl, runAction, setOutputs, StepSummary } from '@te-actions/action-kit';
import { connectToAzure } from '@te-actions/azure-auth';
import { Deadline, DeadlineExceededError, formatDuration } from '@te-actions/poll';
import {
  BuildLogPrinter,
  cancelRun,
  dockerBuildRequest,
  followRun,
  getBuildSourceUploadUrl,
  getRun,
  getRunLogUrl,
  isSuccessfulRunStatus,
  isTerminalRunStatus,
  packContext,
  registryPath,
  resolveBuildContext,
  scheduleRun,
  uploadBlockBlob,
  type Run,
} from '@te-actions/acr-build';
import { readBuildInputs } from './inputs.js';
import { STATE } from './state.js';

/** Masks a SAS URL as a whole and its signature on its own. */
function maskSasUrl(url: string): void {
  maskSecret(url);
  try {
    maskSecret(new URL(url).searchParams.get('sig') ?? undefined);
  } catch {
    // Not a URL: the whole value is masked already.
  }
}

await runAction(async ({ signal }) => {
  const inputs = readBuildInputs();
  for (const arg of inputs.secretBuildArgs) maskSecret(arg.value);
  const workspace = process.env.GITHUB_WORKSPACE || process.cwd();
  const context = resolveBuildContext(workspace, inputs.context, inputs.dockerfile);
  const ref = inputs.registry;
  const first = `${inputs.loginServer}/${inputs.imageNames[0]}`;

  // Packing starts lazily: this lists the context and refuses a bad .dockerignore before any request.
  const packed = packContext(context.contextDir, { dockerfile: context.dockerfile, dockerfileAsGiven: context.dockerfileAsGiven, includeVcs: inputs.includeGit });
  if (packed.vcsLeftOut.length) core.info(`Left out of the build context: ${packed.vcsLeftOut.join(', ')} (version control; set include-git: true to send it).`);
  const connection = connectToAzure({ ...inputs.azure, signal });
  const started = Date.now();

  // 1. Pack and upload the context.
  const upload = await getBuildSourceUploadUrl(connection.arm, ref);
  maskSasUrl(upload.uploadUrl);
  core.info(`Packing ${inputs.context} and uploading to ${redactUrl(upload.uploadUrl)}.`);
  const sent = await uploadBlockBlob(upload.uploadUrl, packed.stream, { signal });
  core.info(`Uploaded the build context: ${packed.entries.length} entries, ${(sent.bytes / 1024 / 1024).toFixed(2)} MiB in ${sent.blocks} block(s), ${((Date.now() - started) / 1000).toFixed(1)} s.`);

  // 2. Schedule the build.
  const timeoutSeconds = inputs.timeoutMinutes * 60;
  const request = dockerBuildRequest({
    imageNames: inputs.imageNames,
    dockerfile: context.dockerfile,
    sourceLocation: upload.relativePath,
    buildArgs: inputs.buildArgs,
    secretBuildArgs: inputs.secretBuildArgs,
    platform: inputs.platform,
    push: inputs.push,
    noCache: inputs.noCache,
    timeoutSeconds,
    target: inputs.target,
    agentPool: inputs.agentPool,
  });
  signal.throwIfAborted();
  // Scheduling is not abandoned on cancellation: a run that was queued must be known to be cancelled.
  const scheduled = await scheduleRun(connection.detachedArm(), ref, request);
  const runId = scheduled.properties.runId;
  core.saveState(STATE.runId, runId);
  core.setOutput('run-id', runId);
  if (signal.aborted) {
    core.info(`Cancelling run ${runId}, queued as the workflow was cancelled.`);
    await cancelAndConfirm(runId);
    throw signal.reason;
  }
  core.info(`Queued run ${runId} on registry ${ref.registryName}${inputs.agentPool ? ` (agent pool ${inputs.agentPool})` : ''}: ${inputs.imageNames.join(', ')}.`);

  // 3. Follow the run and its log; cancel it when the step is cancelled or times out.
  let run: Run = scheduled;
  let settled = false;
  try {
    const logUrl = await getRunLogUrl(connection.arm, ref, runId);
    maskSasUrl(logUrl);
    core.info(`Streaming the build log from ${redactUrl(logUrl)}.`);
    const followed = await followRun(connection.arm, ref, runId, {
      logUrl,
      printer: new BuildLogPrinter(),
      // ACR ends the run itself at its timeout; allow a margin for queueing and the last log writes.
      deadline: new Deadline((timeoutSeconds + 120) * 1000, `Run ${runId}`),
      signal,
      onStatus: (current) => (run = current),
    });
    run = followed.run;
    settled = true;
    core.saveState(STATE.settled, 'true');
    if (!followed.logComplete) core.warning(`The log of run ${runId} was not marked complete within 30 s of the run's end; it may be cut short.`);
  } catch (error) {
    const why = signal.aborted ? 'the workflow was cancelled' : error instanceof DeadlineExceededError ? 'it did not finish in time' : 'the step cannot follow it any more';
    core.info(`Cancelling run ${runId}: ${why}.`);
    await cancelAndConfirm(runId);
    throw error;
  } finally {
    await writeSummary(run, settled);
  }

  const status = run.properties?.status ?? 'Unknown';
  if (!isSuccessfulRunStatus(status)) {
    const detail = run.properties?.runErrorMessage ? `: ${run.properties.runErrorMessage}` : '';
    throw new ActionError(`Run ${runId} ended with status ${status}${detail}. The build log is above.`);
  }
  const [repository, tag] = [inputs.imageNames[0]!.slice(0, inputs.imageNames[0]!.lastIndexOf(':')), inputs.imageNames[0]!.slice(inputs.imageNames[0]!.lastIndexOf(':') + 1)];
  const image = run.properties?.outputImages?.find((output) => output.repository === repository && output.tag === tag) ?? run.properties?.outputImages?.[0];
  const digest = image?.digest ?? '';
  if (inputs.push && !digest) core.warning(`Run ${runId} succeeded but reported no digest for ${first}.`);
  setOutputs({ image: first, digest, 'image-with-digest': digest ? `${inputs.loginServer}/${repository}@${digest}` : '', 'run-id': runId });
  core.info(`Built ${first}${digest ? ` (${digest})` : ''} in run ${runId}.`);

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
        core.info(`Run ${runId} had already ended (${status}).`);
      } else {
        core.info(outcome === 'cancelled' ? `Run ${runId} cancelled.` : `Run ${runId} had already ended (${outcome}).`);
      }
      core.saveState(STATE.settled, 'true');
    } catch (cancelError) {
      core.warning(`Could not cancel run ${runId} (${(cancelError as Error).message}); the post step will try again.`);
    }
  }

  async function writeSummary(current: Run, done: boolean): Promise<void> {
    const props = current.properties ?? {};
    const startMs = props.startTime ? Date.parse(props.startTime) : NaN;
    const endMs = props.finishTime ? Date.parse(props.finishTime) : NaN;
    const duration = Number.isFinite(startMs) && Number.isFinite(endMs) ? endMs - startMs : Date.now() - started;
    const out = props.outputImages?.[0]?.digest ?? '';
    const portal = `${connection.cloud.portal}/#resource${registryPath(ref)}/tasks`;
    await new StepSummary()
      .heading('acr-remote-build')
      .facts([
        ['Run', { markdown: markdownLink(runId, portal) }],
        ['Status', done ? (props.status ?? 'Unknown') : `${props.status ?? 'Unknown'} (not followed to the end)`],
        ['Duration', formatDuration(duration)],
        ['Image', first],
        ['Digest', out || '—'],
        ['Registry', ref.registryName],
      ])
      .write();
  }
});
