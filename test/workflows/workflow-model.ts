import { parse } from 'yaml';

export interface WorkflowStep {
  id?: string;
  name?: string;
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
  env?: Record<string, unknown>;
  [key: string]: unknown;
}

export interface WorkflowJob {
  permissions?: unknown;
  environment?: unknown;
  concurrency?: unknown;
  uses?: string;
  with?: Record<string, unknown>;
  env?: Record<string, unknown>;
  outputs?: Record<string, unknown>;
  steps?: WorkflowStep[];
  [key: string]: unknown;
}

/** A workflow as plain data, with the file it came from (repository-relative). */
export interface Workflow {
  file: string;
  on?: unknown;
  env?: Record<string, unknown>;
  jobs: Record<string, WorkflowJob>;
}

export function loadWorkflow(file: string, text: string): Workflow {
  const document = (parse(text) ?? {}) as Record<string, unknown>;
  return { file, on: document.on, env: document.env as Record<string, unknown> | undefined, jobs: (document.jobs ?? {}) as Record<string, WorkflowJob> };
}

/** One thing a check found wrong, pointing at the job and step. */
export interface Finding {
  rule: string;
  file: string;
  job: string;
  step?: string;
  message: string;
}

export function stepLabel(step: WorkflowStep, index: number): string {
  return step.id ?? step.name ?? step.uses ?? `step ${index + 1}`;
}

/** Every string in a value, depth first (for expression scans). */
export function stringsIn(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(stringsIn);
  if (value && typeof value === 'object') return Object.values(value).flatMap(stringsIn);
  return [];
}
