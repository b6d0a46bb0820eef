import type { Emulator } from '../../emulator/index.ts';
import { JOB, RESOURCE_GROUP, SUBSCRIPTION } from './baselines.ts';

/** Reads of the emulated Azure state the matrix asserts on. */

export function jobImages(emulator: Emulator): string[] {
  const job = emulator.containerApps.job(SUBSCRIPTION, RESOURCE_GROUP, JOB);
  if (!job) throw new Error(`the emulator has no job ${JOB}`);
  return job.resource.properties.template.containers.map((container: { image: string }) => container.image);
}

/** The job's secret values, which a template update must never drop. */
export function jobSecretValues(emulator: Emulator): string[] {
  return emulator.containerApps.job(SUBSCRIPTION, RESOURCE_GROUP, JOB)!.secrets.map((secret) => secret.value);
}

/** Status of every execution the emulator started, e.g. ['Stopped']. */
export function executionStatuses(emulator: Emulator): string[] {
  return [...emulator.executions.executions.values()].map((execution) => execution.status);
}

/** Executions still Unknown, Running or Processing after `settleMs` (a stop takes the emulator a moment). */
export async function runningExecutions(emulator: Emulator, settleMs = 600): Promise<string[]> {
  await new Promise((resolve) => setTimeout(resolve, settleMs));
  return [...emulator.executions.executions.values()].filter((execution) => ['Unknown', 'Running', 'Processing'].includes(execution.status)).map((execution) => execution.name);
}

/** Outcomes of one route's requests, e.g. [429, 200]. */
export function outcomes(emulator: Emulator, routeId: string): (number | 'reset' | undefined)[] {
  return emulator.core.requestsTo(routeId).map((request) => request.outcome);
}
