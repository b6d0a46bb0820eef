import { azureName, boolean, integer, InputError, nameValueList, optionalAzureName, quote, rawInput } from '@te-actions/action-kit';
import { readAzureInputs } from '@te-actions/azure-auth';
import type { RunJobRequest } from '@te-actions/job-run';

export type RunJobInputs = RunJobRequest;

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

/** A time limit in minutes: a positive number, fractions allowed (0.5 = 30 s). */
function minutesInput(name: string, fallback: number): number {
  const value = rawInput(name);
  if (value === '') return fallback * 60_000;
  const expected = 'a number of minutes above 0 and at most 10080 (7 days), e.g. 60 or 0.5';
  if (!/^\d+(\.\d+)?$/.test(value)) throw new InputError(name, `has the value ${quote(value)}, which is not a number`, expected);
  const minutes = Number(value);
  if (minutes <= 0) throw new InputError(name, `has the value ${quote(value)}, which is not more than 0`, expected);
  if (minutes > 10080) throw new InputError(name, `has the value ${quote(value)}, which is more than 7 days`, expected);
  return Math.round(minutes * 60_000);
}

export function readRunJobInputs(): RunJobInputs {
  return {
    azure: readAzureInputs(),
    resourceGroup: azureName('resource-group', 'resourceGroup'),
    jobName: azureName('job-name', 'containerAppsJob'),
    containerName: optionalAzureName('container-name', 'containerName'),
    args: argsInput(),
    env: nameValueList('env', /^[A-Za-z_][A-Za-z0-9_]*$/),
    timeoutMs: minutesInput('timeout-minutes', 60),
    pollIntervalMs: integer('poll-interval-seconds', { min: 1, max: 300, fallback: 5 }) * 1000,
    streamLogs: boolean('stream-logs', true),
    workspaceId: optionalAzureName('workspace-id', 'workspaceId'),
  };
}
