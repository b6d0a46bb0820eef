import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

export interface ActionInput {
  description?: string;
  required?: boolean;
  default?: string;
}

export interface ActionMetadata {
  name: string;
  inputs: Record<string, ActionInput>;
  outputs: Record<string, { description?: string }>;
  runs: { using: string; main: string; post?: string; 'post-if'?: string };
}

export function readActionMetadata(root: string, action: string): ActionMetadata {
  const parsed = parse(readFileSync(join(root, action, 'action.yml'), 'utf8')) as ActionMetadata;
  return { ...parsed, inputs: parsed.inputs ?? {}, outputs: parsed.outputs ?? {} };
}
