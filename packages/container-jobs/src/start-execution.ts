import { waitForLongRunning, type RestClient } from '@te-actions/azure-auth';
import type { ExecutionRef } from './execution-types.js';
import { jobPath } from './job-path.js';
import { CONTAINER_APPS_API_VERSION, type Container, type EnvironmentVariable, type Job, type JobRef } from './job-types.js';
import { selectContainer } from './select-container.js';

export interface ExecutionOverrides {
  /** The container whose args/env change; may be omitted when the job has one container. */
  containerName?: string;
  /** Replaces the container's args for this execution. */
  args?: string[];
  /** Set (or replace, by name) environment variables for this execution. */
  env?: EnvironmentVariable[];
}

export interface StartedExecution extends ExecutionRef {
  id?: string;
}

/** Template for the start request: every container of the job, with the overrides applied to one. */
export function executionTemplate(job: Job, overrides: ExecutionOverrides): { containers: Container[] } | undefined {
  if (!overrides.args && !overrides.env?.length) return undefined;
  const target = selectContainer(job, overrides.containerName);
  const containers = (job.properties.template?.containers ?? []).map((container) => {
    if (container.name !== target.name) return container;
    const updated: Container = { ...container };
    if (overrides.args) updated.args = overrides.args;
    if (overrides.env?.length) {
      const replaced = new Set(overrides.env.map((variable) => variable.name));
      updated.env = [...(container.env ?? []).filter((variable) => !replaced.has(variable.name)), ...overrides.env];
    }
    return updated;
  });
  return { containers };
}

export interface StartOptions {
  timeoutMs?: number;
  /**
   * Called with the start operation's URL once the service accepted the start, before its result
   * (the execution's name) is known, so a clean-up step can find the execution if this one dies.
   */
  onAccepted?: (operationUrl: string) => void;
}

/**
 * Starts one execution of a job. Overrides apply to this execution only: the job's template is
 * not changed. The service answers 200 with `{id, name}` at once (as recorded at several
 * api-versions; azure-cli's containerapp `_clients.py` `start_job` reads the name from that first
 * answer); a 202 with a Location is still followed, with GETs only. Starting is not idempotent, so
 * the POST is repeated only when the service says it was not processed (429/503), never after a
 * 500 or a dropped connection. Give it a client without the step's AbortSignal when a cancelled
 * step must still learn the name of what it started (to stop it).
 */
export async function startExecution(arm: RestClient, ref: JobRef, job: Job, overrides: ExecutionOverrides = {}, options: StartOptions = {}): Promise<StartedExecution> {
  const timeoutMs = options.timeoutMs ?? 5 * 60_000;
  const template = executionTemplate(job, overrides);
  const what = `Starting an execution of job ${ref.jobName}`;
  const initial = await arm.request<{ name?: string; id?: string }>({
    method: 'POST',
    path: `${jobPath(ref)}/start`,
    query: { 'api-version': CONTAINER_APPS_API_VERSION },
    body: template ?? {},
    what,
    idempotent: false,
  });
  const operationUrl = initial.headers.get('location') ?? initial.headers.get('azure-asyncoperation');
  if (operationUrl) options.onAccepted?.(operationUrl);
  const final = await waitForLongRunning(arm, initial, { what, timeoutMs, pollIntervalMs: 1000 });
  const name = final.body?.name ?? final.body?.id?.split('/').pop();
  if (!name) throw new Error(`${what}: the service did not return the execution's name.`);
  return { ...ref, executionName: name, id: final.body?.id };
}

/** The execution a start operation created, once the operation has finished (undefined before). */
export async function startedExecutionName(arm: RestClient, operationUrl: string): Promise<string | undefined> {
  const response = await arm.request<{ name?: string }>({ method: 'GET', path: operationUrl, what: 'Reading the result of a job start' });
  return response.status === 200 ? response.body?.name : undefined;
}
