import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../runner/run-step.ts';

/** Why an action cannot run in the demo yet, or undefined when its action.yml and dist bundle exist. */
export function missingPieces(action: string): string | undefined {
  const missing = [`${action}/action.yml`, `dist/${action}/index.js`].filter((path) => !existsSync(join(REPO_ROOT, path)));
  return missing.length ? `missing ${missing.join(' and ')}` : undefined;
}
