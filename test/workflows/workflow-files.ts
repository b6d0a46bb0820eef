import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '..', '..');

/** The folders that hold workflows: this repository's own and the caller examples. */
export const WORKFLOW_DIRECTORIES = ['.github/workflows', 'workflows-examples'];

/** Every workflow file (repository-relative path), sorted. */
export function listWorkflowFiles(root: string = REPO_ROOT): string[] {
  const files: string[] = [];
  for (const directory of WORKFLOW_DIRECTORIES) {
    const absolute = join(root, directory);
    if (!existsSync(absolute)) continue;
    for (const name of readdirSync(absolute).sort()) {
      if (/\.ya?ml$/.test(name)) files.push(relative(root, join(absolute, name)));
    }
  }
  return files;
}

/** The public actions: folders at the repository root that hold an action.yml. */
export function listActionNames(root: string = REPO_ROOT): string[] {
  return readdirSync(root)
    .filter((name) => !name.startsWith('.') && name !== 'node_modules')
    .filter((name) => statSync(join(root, name)).isDirectory() && existsSync(join(root, name, 'action.yml')))
    .sort();
}
