import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readActionManifest, type ActionManifest } from './action-manifest.ts';
import { listActionNames, REPO_ROOT } from './workflow-files.ts';
import { parseUses } from './uses-reference.ts';
import { loadWorkflow, type Workflow } from './workflow-model.ts';

/** What the rules know about this repository: its actions and its reusable workflows. */
export interface CheckContext {
  actions: Map<string, ActionManifest>;
  /** Reusable workflows of this repository by path, e.g. ".github/workflows/migration.yml". */
  reusableWorkflows: Map<string, Workflow>;
  /** Write scopes (other than id-token) a job may hold, keyed "file#job", with the reason in a comment. */
  allowedWriteScopes: Record<string, string[]>;
}

export const ALLOWED_WRITE_SCOPES: Record<string, string[]> = {
  // Pushes pinned/vX.Y.Z and moves the major tag (v1); runs no installed code.
  '.github/workflows/release.yml#tag': ['contents'],
  // Deletes this run's encrypted Terraform plan artifact once apply or destroy is over; holds no Azure access.
  '.github/workflows/infra.yml#delete-plan': ['actions'],
  // Grants the called infra.yml what its delete-plan job needs.
  'workflows-examples/prod-infra.yml#terraform': ['actions'],
  // Record the deploy history (GitHub deployments and their statuses).
  '.github/workflows/migration.yml#deploy': ['deployments'],
  '.github/workflows/rollback.yml#image': ['deployments'],
  'workflows-examples/prod.yml#migrate': ['deployments'],
  'workflows-examples/dev.yml#migrate': ['deployments'],
  'workflows-examples/rollback.yml#rollback': ['deployments'],
};

export function repositoryContext(root: string = REPO_ROOT, reusableFiles: string[] = ['.github/workflows/migration.yml', '.github/workflows/infra.yml', '.github/workflows/rollback.yml']): CheckContext {
  const actions = new Map(listActionNames(root).map((name) => [name, readActionManifest(root, name)]));
  const reusableWorkflows = new Map(reusableFiles.map((file) => [file, loadWorkflow(file, readFileSync(join(root, file), 'utf8'))]));
  return { actions, reusableWorkflows, allowedWriteScopes: ALLOWED_WRITE_SCOPES };
}

/** The action.yml behind `uses: ./<action>` or `uses: <owner>/<repo>/<action>@<ref>`, when it is ours. */
export function ourAction(uses: string | undefined, context: CheckContext): ActionManifest | undefined {
  if (!uses) return undefined;
  const reference = parseUses(uses);
  if (!reference || reference.kind === 'docker') return undefined;
  return context.actions.get(reference.path);
}

/** The reusable workflow behind `uses: <owner>/<repo>/.github/workflows/<file>@<ref>`, when it is ours. */
export function ourWorkflow(uses: string | undefined, context: CheckContext): Workflow | undefined {
  if (!uses) return undefined;
  const reference = parseUses(uses);
  if (!reference || reference.kind === 'docker') return undefined;
  return context.reusableWorkflows.get(reference.path);
}
