import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repositoryContext } from './check-context.ts';
import { PINNED_ACTIONS } from './pinned-actions.ts';
import { checkActionRuntime } from './rules/runtime.ts';
import { listWorkflowFiles, REPO_ROOT } from './workflow-files.ts';
import { loadWorkflow } from './workflow-model.ts';
import { formatFinding } from './workflow-checks.ts';

const context = repositoryContext();

describe('third-party actions run on the Node 24 runtime', () => {
  test.each(listWorkflowFiles())('%s pins only recorded node24 releases, each with its version comment', (file) => {
    const text = readFileSync(join(REPO_ROOT, file), 'utf8');
    expect(checkActionRuntime(loadWorkflow(file, text), text, context).map(formatFinding)).toEqual([]);
  });

  test('the recorded pins are full SHAs, one per action, all node24', () => {
    for (const pin of PINNED_ACTIONS) {
      expect(pin.sha).toMatch(/^[0-9a-f]{40}$/);
      expect(pin.using).toBe('node24');
    }
    expect(new Set(PINNED_ACTIONS.map((pin) => pin.action)).size).toBe(PINNED_ACTIONS.length);
  });

  test('a Node 20 release (checkout v4.2.2), an unrecorded SHA and a missing version comment are each reported', () => {
    const text = [
      'name: old',
      'on: push',
      'permissions: {}',
      'jobs:',
      '  build:',
      '    runs-on: ubuntu-latest',
      '    steps:',
      '      - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2',
      '      - uses: actions/setup-node@820762786026740c76f36085b0efc47a31fe5020',
      '      - uses: hashicorp/setup-terraform@dfe3c3f87815947d99a8997f908cb6525fc44e9e # v4.0.1',
      '',
    ].join('\n');
    const found = checkActionRuntime(loadWorkflow('old.yml', text), text, context).map((finding) => finding.message);
    expect(found).toEqual([
      expect.stringMatching(/^actions\/checkout@11bd7\S+ is not a recorded pin: .*\(recorded: 3d3c42e5aac5ba805825da76410c181273ba90b1 # v7\.0\.1\)$/),
      'actions/setup-node@820762786026740c76f36085b0efc47a31fe5020 must carry its version as a comment: "# v7.0.0"',
    ]);
  });
});
