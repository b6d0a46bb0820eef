import { azureName, boolean, integer, InputError, nameValueList, optionalAzureName, rawInput } from '@te-actions/action-kit';
import { readAzureInputs, type CommonAzureInputs } from '@te-actions/azure-auth';
import type { EnvironmentVariable } from '@te-actions/container-jobs';

export interface RunJobInputs {
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

/**
 * `args`: one argument per line, kept exactly (no shell, no splitting on spaces); an empty input
 * keeps the job's own args.
 */
function argsInput(): string[] | undefined {
  const value = rawInput('args', false);
  if (value.trim() === '') return undefined;
  const args = value.split(/\r?\n/);
  while (args.length && args[args.length - 1]!.trim() === '') args.pop();
  if (args.some((arg) => arg.includes('\0'))) throw new InputError('args', 'contains a NUL character', 'one argument per line');
  return args;
}

export function readRunJobInputs(): RunJobInputs {
  return {
    azure: readAzureInputs(),
    resourceGroup: azureName('resource-group', 'resourceGroup'),
    jobName: azureName('job-name', 'containerAppsJob'),
    containerName: optionalAzureName('container-name', 'containerName'),
    args: argsInput(),
    env: nameValueList('env', /^[A-Za-z_][A-Za-z0-9_]*$/),
    timeoutMs: integer('timeout-minutes', { min: 1, max: 7 * 24 * 60, fallback: 60 }) * 60_000,
    pollIntervalMs: integer('poll-interval-seconds', { min: 1, max: 300, fallback: 5 }) * 1000,
    streamLogs: boolean('stream-logs', true),
    workspaceId: optionalAzureName('workspace-id', 'workspaceId'),
  };
}
