import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

export interface ActionInput {
  required: boolean;
  hasDefault: boolean;
}

/** What a workflow step may pass to an action and read back from it, from its action.yml. */
export interface ActionManifest {
  name: string;
  inputs: Map<string, ActionInput>;
  outputs: Set<string>;
}

export function readActionManifest(root: string, name: string): ActionManifest {
  const document = parse(readFileSync(join(root, name, 'action.yml'), 'utf8')) as {
    inputs?: Record<string, { required?: boolean | string; default?: unknown } | null>;
    outputs?: Record<string, unknown>;
  };
  const inputs = new Map<string, ActionInput>();
  for (const [input, spec] of Object.entries(document.inputs ?? {})) {
    inputs.set(input, { required: spec?.required === true || spec?.required === 'true', hasDefault: spec?.default !== undefined && spec?.default !== null });
  }
  return { name, inputs, outputs: new Set(Object.keys(document.outputs ?? {})) };
}

/**
 * An action "calls Azure" when its inputs include the Azure sign-in (client-id with subscription-id):
 * a job that uses one needs `id-token: write` for OIDC.
 */
export function callsAzure(manifest: ActionManifest): boolean {
  return manifest.inputs.has('client-id') && manifest.inputs.has('subscription-id');
}
