import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { convertWorkflowTemplate, NoOperationTraceWriter, parseWorkflow } from '@actions/workflow-parser';
import { parseAction } from '@actions/workflow-parser/actions/action-parser';
import type { FileReference } from '@actions/workflow-parser/workflows/file-reference';

/**
 * Validates a workflow with GitHub's own parser (@actions/workflow-parser): schema (unknown keys, wrong
 * types), expressions, and — by loading the called file — the inputs passed to reusable workflows. A call
 * to <owner>/<repo>/.github/workflows/<file>@<ref> is resolved to this repository's copy of <file>.
 */
export async function workflowErrors(root: string, file: string, content: string): Promise<string[]> {
  const trace = new NoOperationTraceWriter();
  const parsed = parseWorkflow({ name: file, content }, trace);
  const errors = parsed.context.errors.getErrors().map((error) => error.message);
  if (errors.length || !parsed.value) return errors.length ? errors : [`${file}: nothing to parse`];
  const fileProvider = {
    getFileContent: async (reference: FileReference) => {
      const path = reference.path;
      if (!path.startsWith('.github/workflows/') || !existsSync(join(root, path))) throw new Error(`${path} is not a reusable workflow of this repository`);
      return { name: path, content: readFileSync(join(root, path), 'utf8') };
    },
  };
  const template = await convertWorkflowTemplate(parsed.context, parsed.value, fileProvider, { fetchReusableWorkflowDepth: 1 });
  return (template.errors ?? []).map((error) => error.Message);
}

/** Validates an action.yml with GitHub's action schema. */
export function actionErrors(file: string, content: string): string[] {
  const parsed = parseAction({ name: file, content }, new NoOperationTraceWriter());
  return parsed.context.errors.getErrors().map((error) => error.message);
}
