import * as core from '@actions/core';
import { ActionError, azureName, boolean, integer, neutraliseWorkflowCommands, optionalAzureName, runAction, setOutputs } from '@te-actions/action-kit';
import { connectToAzure, readAzureInputs } from '@te-actions/azure-auth';
import { findLogAnalyticsWorkspace, getExecution, getJob, isTerminalStatus, waitForExecution, type ExecutionRef } from '@te-actions/container-jobs';
import { followExecutionLogs, LinePrinter } from '@te-actions/log-follow';
import { formatDuration } from '@te-actions/poll';

await runAction(async ({ signal }) => {
  const azure = readAzureInputs();
  const resourceGroup = azureName('resource-group', 'resourceGroup');
  const jobName = azureName('job-name', 'containerAppsJob');
  const executionName = azureName('execution-name', 'jobExecution');
  const inputWorkspace = optionalAzureName('workspace-id', 'workspaceId');
  const follow = boolean('follow', true);
  const graceMs = integer('grace-seconds', { min: 0, max: 3600, fallback: 300 }) * 1000;
  const timeoutMs = integer('timeout-minutes', { min: 1, max: 7 * 24 * 60, fallback: 90 }) * 60_000;

  const connection = connectToAzure({ ...azure, signal });
  const ref: ExecutionRef = { subscriptionId: azure.subscriptionId, resourceGroup, jobName, executionName };
  const job = await getJob(connection.arm, ref);
  const execution = await getExecution(connection.arm, ref);
  const workspaceId = inputWorkspace ?? (await findLogAnalyticsWorkspace(connection.arm, job));
  if (!workspaceId) {
    throw new ActionError(`Job ${jobName}'s managed environment does not send console logs to a Log Analytics workspace (appLogsConfiguration has none). Set workspace-id to the workspace that holds them.`);
  }

  const startTime = Date.parse(execution.properties?.startTime ?? '');
  const notBefore = new Date((Number.isNaN(startTime) ? Date.now() - 24 * 3600_000 : startTime) - 5 * 60_000).toISOString().replace(/Z$/, '0000Z');
  const stepSignal = AbortSignal.any([signal, AbortSignal.timeout(timeoutMs)]);
  const running = follow && !isTerminalStatus(execution.properties?.status);
  const finished = running
    ? waitForExecution(connection.arm, ref, { pollIntervalMs: 5000, timeoutMs, signal: stepSignal }).then((done) => core.info(neutraliseWorkflowCommands(`Execution ${executionName}: ${done.properties?.status}`)))
    : Promise.resolve();
  finished.catch(() => undefined);

  const printer = new LinePrinter();
  printer.open(`Logs of execution ${executionName}`);
  let result;
  try {
    result = await followExecutionLogs({
      arm: connection.arm,
      logAnalytics: { client: connection.clientFor(connection.cloud.logAnalytics), workspaceId },
      ref,
      live: running,
      trustCompleteLiveStream: false,
      finished,
      graceMs: follow ? graceMs : 0,
      notBefore,
      print: (line) => printer.line(line.text),
      drain: () => printer.drain(),
      signal: stepSignal,
      ordered: true,
      note: (message) => core.info(message),
    });
  } catch (error) {
    printer.close();
    if (!signal.aborted && stepSignal.aborted) throw new ActionError(`The log of execution ${executionName} was still being followed after ${formatDuration(timeoutMs)} (timeout-minutes); ${printer.count} line(s) were printed.`);
    throw error;
  }
  printer.close();
  if (result.noTable) core.warning(`Log Analytics workspace ${workspaceId} has neither ContainerAppConsoleLogs_CL nor ContainerAppConsoleLogs: no console logs have reached it.`);
  core.info(`${result.lines} line(s) of execution ${executionName}.`);
  setOutputs({ lines: result.lines });
});
