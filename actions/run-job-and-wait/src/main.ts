import * as core from '@actions/core';
import { ActionError, markdownLink, neutraliseWorkflowCommands, runAction, setOutputs, StepSummary } from '@te-actions/action-kit';
import { connectToAzure } from '@te-actions/azure-auth';
import {
  classifyStatus,
  findLogAnalyticsWorkspace,
  getJob,
  portalResourceLink,
  selectContainer,
  startExecution,
  stopExecution,
  waitForExecution,
  type ExecutionRef,
  type JobExecution,
} from '@te-actions/container-jobs';
import { followExecutionLogs, LinePrinter, type FollowResult } from '@te-actions/log-follow';
import { DeadlineExceededError, formatDuration } from '@te-actions/poll';
import { markSettled, rememberExecution, rememberStartOperation } from './execution-state.js';
import { readRunJobInputs } from './inputs.js';

/** Lines the live stream missed keep arriving in Log Analytics for minutes after the end. */
const LOG_GRACE_MS = 5 * 60_000;

await runAction(async ({ signal }) => {
  const inputs = readRunJobInputs();
  const connection = connectToAzure({ ...inputs.azure, signal });
  const jobRef = { subscriptionId: inputs.azure.subscriptionId, resourceGroup: inputs.resourceGroup, jobName: inputs.jobName };
  const job = await getJob(connection.arm, jobRef);
  if (inputs.containerName) selectContainer(job, inputs.containerName);

  let workspaceId = inputs.workspaceId;
  if (inputs.streamLogs && !workspaceId) {
    try {
      workspaceId = await findLogAnalyticsWorkspace(connection.arm, job);
    } catch (error) {
      core.warning(`Could not find the job's Log Analytics workspace (${error instanceof Error ? error.message : String(error)}); only the live log stream is shown. Set workspace-id to read the complete log.`);
    }
  }

  // The start is not abandoned on cancellation: what it starts must be known to be stopped.
  const started = await startExecution(
    connection.detachedArm(),
    jobRef,
    job,
    { containerName: inputs.containerName, args: inputs.args, env: inputs.env },
    { onAccepted: rememberStartOperation },
  );
  const ref: ExecutionRef = { ...jobRef, executionName: started.executionName };
  rememberExecution(ref);
  if (signal.aborted) {
    const outcome = await stopExecution(connection.detachedArm(4500), ref).then(
      () => (markSettled(), 'was stopped'),
      (error: unknown) => `could not be stopped (${error instanceof Error ? error.message : String(error)}); the post step will try again`,
    );
    core.info(neutraliseWorkflowCommands(`Execution ${ref.executionName} (started as the step was cancelled) ${outcome}.`));
    throw signal.reason;
  }
  setOutputs({ 'execution-name': ref.executionName });
  core.info(neutraliseWorkflowCommands(`Started execution ${ref.executionName} of job ${inputs.jobName}.`));
  const startedAt = Date.now();

  let markFinished!: () => void;
  const finished = new Promise<void>((resolve) => (markFinished = resolve));
  const printer = new LinePrinter();
  let logs: Promise<FollowResult | undefined> = Promise.resolve(undefined);
  if (inputs.streamLogs) {
    printer.open(`Logs of execution ${ref.executionName}`);
    const logSignal = AbortSignal.any([signal, AbortSignal.timeout(inputs.timeoutMs + LOG_GRACE_MS)]);
    logs = followExecutionLogs({
      arm: connection.arm,
      logAnalytics: workspaceId ? { client: connection.clientFor(connection.cloud.logAnalytics), workspaceId } : undefined,
      ref,
      live: true,
      trustCompleteLiveStream: true,
      finished,
      graceMs: LOG_GRACE_MS,
      notBefore: new Date(startedAt - 5 * 60_000).toISOString().replace(/Z$/, '0000Z'),
      print: (line) => printer.line(line.text),
      drain: () => printer.drain(),
      signal: logSignal,
    }).catch((error: unknown) => {
      if (!signal.aborted) core.warning(`The execution's log could not be followed to the end: ${error instanceof Error ? error.message : String(error)}`);
      return undefined;
    });
  }

  let execution: JobExecution;
  try {
    execution = await waitForExecution(connection.arm, ref, {
      pollIntervalMs: inputs.pollIntervalMs,
      timeoutMs: inputs.timeoutMs,
      signal,
      onStatus: (status) => {
        printer.flush();
        if (classifyStatus(status) === 'unknown') core.warning(`Execution ${ref.executionName} reports the status '${status}', which this action does not know; it is not treated as success. Still waiting.`);
        else core.info(neutraliseWorkflowCommands(`Execution ${ref.executionName}: ${status}`));
      },
    });
    markSettled();
  } catch (error) {
    markFinished();
    if (signal.aborted || error instanceof DeadlineExceededError) {
      // Cancelled: the runner allows a few seconds, so the accepted stop is enough. Timed out: wait
      // until the execution has really stopped.
      const stopping = signal.aborted ? stopExecution(connection.detachedArm(4500), ref) : stopExecution(connection.arm, ref, 2 * 60_000);
      const outcome = await stopping.then(
        (result) => {
          markSettled();
          return result === 'not-found' ? 'was already gone' : 'was stopped';
        },
        (stopError: unknown) => `could not be stopped (${stopError instanceof Error ? stopError.message : String(stopError)}); the post step will try again`,
      );
      if (inputs.streamLogs) printer.close();
      if (signal.aborted) {
        core.info(neutraliseWorkflowCommands(`Execution ${ref.executionName} ${outcome}.`));
        throw error;
      }
      setOutputs({ status: 'Stopped', 'duration-seconds': Math.round((Date.now() - startedAt) / 1000) });
      throw new ActionError(`Execution ${ref.executionName} did not finish within ${formatDuration(inputs.timeoutMs)} (timeout-minutes) and ${outcome}.`);
    }
    throw error;
  }
  markFinished();
  const logResult = await logs;
  if (inputs.streamLogs) {
    printer.close();
    if (logResult) core.info(`${logResult.lines} log line(s) shown${logResult.liveComplete ? ' (live stream)' : workspaceId ? ' (live stream and Log Analytics)' : ''}.`);
    if (!workspaceId && !logResult?.liveComplete) core.warning('No Log Analytics workspace is known for this job, so lines the live stream missed cannot be shown. Set workspace-id.');
    if (logResult?.noTable) core.warning(`Log Analytics workspace ${workspaceId} has neither ContainerAppConsoleLogs_CL nor ContainerAppConsoleLogs.`);
  }

  const status = execution.properties?.status ?? 'Unknown';
  const startTime = execution.properties?.startTime;
  const endTime = execution.properties?.endTime;
  const measured = startTime && endTime ? (Date.parse(endTime) - Date.parse(startTime)) / 1000 : NaN;
  const durationSeconds = Math.max(0, Math.round(Number.isFinite(measured) ? measured : (Date.now() - startedAt) / 1000));
  setOutputs({ status, 'duration-seconds': durationSeconds });

  const executionId = started.id ?? `${job.id}/executions/${ref.executionName}`;
  await new StepSummary()
    .heading('run-job-and-wait')
    .facts([
      ['Job', { markdown: markdownLink(inputs.jobName, portalResourceLink(connection.cloud.portal, job.id)) }],
      ['Execution', { markdown: markdownLink(ref.executionName, portalResourceLink(connection.cloud.portal, job.id, '/executionHistory')) }],
      ['Status', status],
      ['Start', startTime ?? ''],
      ['End', endTime ?? ''],
      ['Duration', formatDuration(durationSeconds * 1000)],
      ['Logs', { markdown: markdownLink('Console logs in Log Analytics', portalResourceLink(connection.cloud.portal, job.id, '/logs')) }],
    ])
    .paragraph(`Execution ID: ${executionId}`)
    .write();

  if (classifyStatus(status) !== 'success') {
    throw new ActionError(`Execution ${ref.executionName} of job ${inputs.jobName} ended with status ${status}${status === 'Degraded' ? ' (some replicas failed)' : ''}. Only Succeeded counts as success.`);
  }
  core.info(neutraliseWorkflowCommands(`Execution ${ref.executionName} succeeded in ${formatDuration(durationSeconds * 1000)}.`));
});
