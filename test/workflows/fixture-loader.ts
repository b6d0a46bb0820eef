import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from './workflow-files.ts';
import { loadWorkflow, type Workflow } from './workflow-model.ts';

/** Loads test/workflows/fixtures/<name>.yml as a workflow. */
export function loadFixture(name: string): Workflow {
  const file = `test/workflows/fixtures/${name}.yml`;
  return loadWorkflow(file, readFileSync(join(REPO_ROOT, file), 'utf8'));
}
