import * as core from '@actions/core';
import { ActionError, markdownLink, neutraliseWorkflowCommands, StepSummary } from '@te-actions/action-kit';
import { connectToAzure, type CommonAzureInputs } from '@te-actions/azure-auth';
import {
  classifyStatus,
  findLogAnalyticsWorkspace,
  getJob,
  portalResourceLink,
  selectContainer,
  startExecution,
  stopExecution,
  waitForExecution,
  type EnvironmentVariable,
  type ExecutionRef,
  type JobExecution,
} from '@te-actions/container-jobs';
import { followExecutionLogs, LinePrinter, type FollowResult } from '@te-actions/log-follow';
import { DeadlineExceededError, formatDuration, parseAzureTime } from '@te-actions/poll';
import { ConsoleTail } from './console-tail.js';
import { ExecutionLogFile } from './execution-log-file.js';
import { lookUpFailureReason } from './failure-lookup.js';
import type { FailureReason } from './failure-reason.js';
import { readReplicaStates, type ReplicaContainerState } from './replica-states.js';

/** What the step was asked to run. */
export interface RunJobRequest {
  azure: CommonAzureInputs;
  resourceGroup: string;
  jobName: string;
  containerName?: string;
  args?: string[];
  env: EnvironmentVariable[];
  timeoutMs: number;
  pollIntervalMs: number;
  streamLogs: boolean;
  workspaceId?: string;
}

/** Where main keeps what its post step needs to stop an execution main could not see to its end. */
export interface RunJobState {
  startAccepted(operationUrl: string): void;
  executionStarted(ref: ExecutionRef): void;
  settled(): void;
}

export interface RunJobOptions {
  signal: AbortSignal;
  state: RunJobState;
  /** Sets step outputs; called as soon as each is known, so a failing step still has them. */
  outputs: (outputs: Record<string, string | number | undefined>) => void;
  /** Directory of the log file (RUNNER_TEMP). */
  tempDir?: string;
  /** How long to keep asking Log Analytics for the system events that explain a failure. */
  reasonWaitMs?: number;
}

/** A stop the service accepted whose execution has not shown a final status yet (post checks again). */
const STOP_UNCONFIRMED = 'was asked to stop but had not reported a final status yet; the post step will check';
/**
 * Lines the live stream missed keep arriving in Log Analytics for minutes after the end: reading
 * stops once it has caught up with the end, and at the latest after this long without a new line.
 */
const LOG_GRACE_MS = 5 * 60_000;
const REASON_WAIT_MS = 60_000;
const errorText = (error: unknown) => (error instanceof Error ? error.message : String(error));
const isoMinus = (ms: number, minus: number) => new Date(ms - minus).toISOString().replace(/Z$/, '0000Z');

/**
 * Starts one execution of a Container Apps Job, follows its log, waits for its end and succeeds
 * only when it Succeeded. On cancellation or timeout the execution is stopped; on any other end
 * the reason the service recorded is reported in one line.
 */
export async function runJobAndWait(request: RunJobRequest, options: RunJobOptions): Promise<void> {
  const { signal, state } = options;
  const connection = connectToAzure({ ...request.azure, signal });
  const jobRef = { subscriptionId: request.azure.subscriptionId, resourceGroup: request.resourceGroup, jobName: request.jobName };
  const job = await getJob(connection.arm, jobRef);
  if (request.containerName) selectContainer(job, request.containerName);

  let workspaceId = request.workspaceId;
  let workspaceLooked = false;
  const findWorkspace = async (without: string) => {
    workspaceLooked = true;
    try {
      workspaceId = await findLogAnalyticsWorkspace(connection.arm, job);
    } catch (error) {
      core.warning(`Could not find the job's Log Analytics workspace (${errorText(error)}); ${without}. Set workspace-id.`);
    }
  };
  if (request.streamLogs && !workspaceId) await findWorkspace('only the live log stream is shown, not the complete log');

  // The start is not abandoned on cancellation: what it starts must be known to be stopped.
  const started = await startExecution(
    connection.detachedArm(),
    jobRef,
    job,
    { containerName: request.containerName, args: request.args, env: request.env },
    { onAccepted: state.startAccepted },
  );
  const ref: ExecutionRef = { ...jobRef, executionName: started.executionName };
  state.executionStarted(ref);
  if (signal.aborted) {
    const outcome = await stopExecution(connection.detachedArm(4500), ref, { confirmWithinMs: 3500 }).then(
      (result) => (result === 'stopping' ? STOP_UNCONFIRMED : (state.settled(), 'was stopped')),
      (error: unknown) => `could not be stopped (${errorText(error)}); the post step will try again`,
    );
    core.info(neutraliseWorkflowCommands(`Execution ${ref.executionName} (started as the step was cancelled) ${outcome}.`));
    throw signal.reason;
  }
  const executionId = started.id ?? `${job.id}/executions/${ref.executionName}`;
  const logFile = new ExecutionLogFile(ref.executionName, options.tempDir);
  options.outputs({ 'execution-name': ref.executionName, 'execution-url': portalResourceLink(connection.cloud.portal, executionId), 'log-file': logFile.path });
  core.info(neutraliseWorkflowCommands(`Started execution ${ref.executionName} of job ${request.jobName}.`));
  const startedAt = Date.now();
  const notBefore = isoMinus(startedAt, 5 * 60_000);

  /** The execution's end time as recorded, known once it finished. */
  let recordedEnd: string | undefined;
  let markFinished!: () => void;
  const finished = new Promise<void>((resolve) => (markFinished = resolve));
  const printer = new LinePrinter();
  const tail = new ConsoleTail(20);
  let logs: Promise<FollowResult | undefined> = Promise.resolve(undefined);
  if (request.streamLogs) {
    printer.open(`Logs of execution ${ref.executionName}`);
    const logSignal = AbortSignal.any([signal, AbortSignal.timeout(request.timeoutMs + LOG_GRACE_MS)]);
    logs = followExecutionLogs({
      arm: connection.arm,
      logAnalytics: workspaceId ? { client: connection.clientFor(connection.cloud.logAnalytics), workspaceId } : undefined,
      ref,
      live: true,
      trustCompleteLiveStream: true,
      finished,
      graceMs: LOG_GRACE_MS,
      catchUp: true,
      endTime: () => recordedEnd,
      // Lines read from Log Analytics (no live stream) print in time order even when ingested out of order.
      ordered: true,
      notBefore,
      print: (line) => {
        printer.line(line.text);
        tail.push(line);
        logFile.line(line.text);
      },
      drain: () => printer.drain(),
      signal: logSignal,
      note: (message) => core.info(message),
    }).catch((error: unknown) => {
      if (!signal.aborted) core.warning(`The execution's log could not be followed to the end: ${errorText(error)}`);
      return undefined;
    });
  }
  const closeLogFile = async () => {
    const error = await logFile.close();
    if (error) core.warning(`The log file ${logFile.path} could not be written: ${error.message}`);
  };

  let execution: JobExecution;
  try {
    execution = await waitForExecution(connection.arm, ref, {
      pollIntervalMs: request.pollIntervalMs,
      timeoutMs: request.timeoutMs,
      signal,
      onStatus: (status) => {
        printer.flush();
        if (classifyStatus(status) === 'unknown') core.warning(`Execution ${ref.executionName} reports the status '${status}', which this action does not know; it is not treated as success. Still waiting.`);
        else core.info(neutraliseWorkflowCommands(`Execution ${ref.executionName}: ${status}`));
      },
    });
    state.settled();
  } catch (error) {
    markFinished();
    if (signal.aborted || error instanceof DeadlineExceededError) {
      // Cancelled: the runner allows a few seconds, so the accepted stop is enough. Timed out: wait
      // until the execution has really stopped.
      const stopping = signal.aborted ? stopExecution(connection.detachedArm(4500), ref, { confirmWithinMs: 3500 }) : stopExecution(connection.arm, ref, { confirmWithinMs: 2 * 60_000 });
      const outcome = await stopping.then(
        (result) => {
          if (result === 'stopping') return STOP_UNCONFIRMED;
          state.settled();
          return result === 'not-found' ? 'was already gone' : 'was stopped';
        },
        (stopError: unknown) => `could not be stopped (${errorText(stopError)}); the post step will try again`,
      );
      if (request.streamLogs) printer.close();
      await closeLogFile();
      if (signal.aborted) {
        core.info(neutraliseWorkflowCommands(`Execution ${ref.executionName} ${outcome}.`));
        throw error;
      }
      const reason = `did not finish within ${formatDuration(request.timeoutMs)} (timeout-minutes) and ${outcome}`;
      options.outputs({ status: 'Stopped', 'duration-seconds': Math.round((Date.now() - startedAt) / 1000), 'failure-reason': reason });
      throw new ActionError(`Execution ${ref.executionName} ${reason}.`);
    }
    await closeLogFile();
    throw error;
  }
  const status = execution.properties?.status ?? 'Unknown';
  const failed = classifyStatus(status) !== 'success';
  // Replicas go away soon after the end: their container states are read at once.
  const replicaStates: Promise<ReplicaContainerState[]> = failed
    ? readReplicaStates(connection.arm, ref).catch((error: unknown) => {
        core.info(neutraliseWorkflowCommands(`The replica states of execution ${ref.executionName} could not be read: ${errorText(error)}`));
        return [];
      })
    : Promise.resolve([]);
  recordedEnd = execution.properties?.endTime;
  markFinished();
  const logResult = await logs;
  if (request.streamLogs) {
    printer.close();
    if (logResult) {
      const from = logResult.liveComplete ? ' (live stream)' : !workspaceId ? '' : logResult.liveLines ? ' (live stream and Log Analytics)' : ' (Log Analytics)';
      core.info(neutraliseWorkflowCommands(`${logResult.lines} log line(s) shown${from}.`));
    }
    if (!workspaceId && !logResult?.liveComplete) core.warning('No Log Analytics workspace is known for this job, so lines the live stream missed cannot be shown. Set workspace-id.');
    if (logResult?.noTable) core.warning(`Log Analytics workspace ${workspaceId} has neither ContainerAppConsoleLogs_CL nor ContainerAppConsoleLogs.`);
  }
  await closeLogFile();

  const startTime = execution.properties?.startTime;
  const endTime = execution.properties?.endTime;
  const measured = startTime && endTime ? (parseAzureTime(endTime) - parseAzureTime(startTime)) / 1000 : NaN;
  const durationSeconds = Math.max(0, Math.round(Number.isFinite(measured) ? measured : (Date.now() - startedAt) / 1000));

  let reason: FailureReason | undefined;
  if (failed) {
    if (!workspaceId && !workspaceLooked) await findWorkspace('the reason comes from the replica states only, not from the system log');
    reason = await lookUpFailureReason({
      logAnalytics: workspaceId ? { client: connection.clientFor(connection.cloud.logAnalytics), workspaceId } : undefined,
      ref,
      job,
      template: (execution.properties?.template as { containers?: { name: string; image?: string }[] } | undefined) ?? job.properties.template ?? {},
      containers: await replicaStates,
      errorLine: tail.errorLine(),
      since: notBefore,
      // A stop someone asked for needs no explanation from the system log.
      waitMs: status === 'Stopped' ? 0 : (options.reasonWaitMs ?? REASON_WAIT_MS),
      signal,
      note: (message) => core.info(message),
    });
  }
  options.outputs({ status, 'duration-seconds': durationSeconds, ...(failed ? { 'failure-reason': reason?.text ?? '' } : {}) });

  const summary = new StepSummary()
    .heading('run-job-and-wait')
    .facts([
      ['Job', { markdown: markdownLink(request.jobName, portalResourceLink(connection.cloud.portal, job.id)) }],
      ['Execution', { markdown: markdownLink(ref.executionName, portalResourceLink(connection.cloud.portal, executionId)) }],
      ['Status', status],
      ...(failed ? ([['Reason', reason?.text ?? 'not recorded by the service']] as [string, string][]) : []),
      ['Start', startTime ?? ''],
      ['End', endTime ?? ''],
      ['Duration', formatDuration(durationSeconds * 1000)],
      ['History', { markdown: markdownLink('Execution history', portalResourceLink(connection.cloud.portal, job.id, '/executionHistory')) }],
      ['Logs', { markdown: markdownLink('Console logs in Log Analytics', portalResourceLink(connection.cloud.portal, job.id, '/logs')) }],
    ])
    .paragraph(`Execution ID: ${executionId}`);
  const lastLines = tail.texts();
  if (failed && lastLines.length) summary.details(`Last ${lastLines.length} console ${lastLines.length === 1 ? 'line' : 'lines'}`, lastLines.join('\n'));
  await summary.write();

  if (failed) {
    const degraded = status === 'Degraded' ? ' (some replicas failed)' : '';
    throw new ActionError(
      reason
        ? `Execution ${ref.executionName} of job ${request.jobName} ended with status ${status}${degraded}: ${reason.text}`
        : `Execution ${ref.executionName} of job ${request.jobName} ended with status ${status}${degraded}. Only Succeeded counts as success.`,
    );
  }
  core.info(neutraliseWorkflowCommands(`Execution ${ref.executionName} succeeded in ${formatDuration(durationSeconds * 1000)}.`));
}
