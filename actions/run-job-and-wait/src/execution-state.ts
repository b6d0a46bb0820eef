import * as core from '@actions/core';
import type { ExecutionRef } from '@te-actions/container-jobs';

/** What main tells post through the runner's state: which execution to stop if main could not. */
const EXECUTION = 'execution';
const SETTLED = 'settled';
const START_OPERATION = 'start-operation';

/** The start was accepted: the operation's URL leads to the execution's name. */
export function rememberStartOperation(url: string): void {
  core.saveState(START_OPERATION, url);
}

/** A start whose result main never read (it was cancelled or killed while waiting for it). */
export function startOperationToResolve(): string | undefined {
  if (core.getState(SETTLED) === 'true' || core.getState(EXECUTION)) return undefined;
  return core.getState(START_OPERATION) || undefined;
}

export function rememberExecution(ref: ExecutionRef): void {
  core.saveState(EXECUTION, JSON.stringify(ref));
}

/** Main saw the execution reach a terminal state, or stopped it itself: post has nothing to do. */
export function markSettled(): void {
  core.saveState(SETTLED, 'true');
}

export function executionToStop(): ExecutionRef | undefined {
  if (core.getState(SETTLED) === 'true') return undefined;
  const saved = core.getState(EXECUTION);
  if (!saved) return undefined;
  try {
    const ref = JSON.parse(saved) as ExecutionRef;
    return ref.subscriptionId && ref.resourceGroup && ref.jobName && ref.executionName ? ref : undefined;
  } catch {
    return undefined;
  }
}
