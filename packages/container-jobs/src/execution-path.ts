import { resourcePath } from '@te-actions/azure-auth';
import type { ExecutionRef } from './execution-types.js';
import { jobPath } from './job-path.js';

export function executionPath(ref: ExecutionRef): string {
  return jobPath(ref) + resourcePath`/executions/${ref.executionName}`;
}
