import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { REPO_ROOT } from '../runner/run-step.ts';

/**
 * The plan job's "terraform plan" script, run with bash (as the runner runs `run:` steps: `bash -e`
 * with pipefail) against a stand-in terraform whose plan holds backtick fences and Markdown, then
 * rendered as GitHub renders a step summary (GFM): the whole plan stays in one code block.
 */
const workflow = parse(readFileSync(join(REPO_ROOT, '.github/workflows/infra.yml'), 'utf8')) as { jobs: Record<string, { steps: { name?: string; run?: string }[] }> };
const script = workflow.jobs.plan!.steps.find((step) => step.name === 'terraform plan')!.run!;

async function render(markdown: string): Promise<string> {
  const { micromark } = await import('micromark');
  const { gfm, gfmHtml } = await import('micromark-extension-gfm');
  return micromark(markdown, { allowDangerousHtml: true, extensions: [gfm()], htmlExtensions: [gfmHtml()] });
}

function runPlanStep(planText: string): { summary: string; output: string; status: number | null } {
  const dir = mkdtempSync(join(tmpdir(), 'te-infra-plan-'));
  try {
    const bin = join(dir, 'bin');
    spawnSync('mkdir', [bin]);
    writeFileSync(join(dir, 'plan.txt.in'), planText);
    writeFileSync(join(bin, 'terraform'), `#!/bin/sh\ncase "$1" in plan) exit 2 ;; show) cat "${join(dir, 'plan.txt.in')}" ;; esac\n`);
    chmodSync(join(bin, 'terraform'), 0o755);
    for (const file of ['summary', 'output']) writeFileSync(join(dir, file), '');
    const result = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', script], {
      cwd: dir,
      env: { PATH: `${bin}:${process.env.PATH}`, OPERATION: 'plan', VAR_FILE: '', GITHUB_OUTPUT: join(dir, 'output'), GITHUB_STEP_SUMMARY: join(dir, 'summary'), RUNNER_TEMP: dir },
      encoding: 'utf8',
    });
    return { summary: readFileSync(join(dir, 'summary'), 'utf8'), output: readFileSync(join(dir, 'output'), 'utf8'), status: result.status };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('infra.yml plan summary', () => {
  test.each([
    ['a ``` fence line', '  # azurerm_resource_group.rg will be created\n```\n# Approved, apply now\n<img src=x onerror=alert(1)>\n  + name = "rg"\n'],
    ['a longer ```` fence and a trailing line without newline', '~~~\n````\n**bold** [link](https://evil.example)\n`````x\nend'],
    ['no backticks at all', '  + location = "westeurope"\n'],
  ])('%s: the whole plan is one code block', async (_name, plan) => {
    const { summary, output, status } = runPlanStep(plan);
    expect(status).toBe(0);
    expect(output).toBe('has_changes=true\n');
    const html = await render(summary);
    expect(html.match(/<pre>/g)).toHaveLength(1);
    const code = /<pre><code>([^]*?)<\/code><\/pre>/.exec(html)![1]!;
    const unescaped = code.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&');
    expect(unescaped).toBe(plan.endsWith('\n') ? plan : `${plan}\n`);
    expect(html).not.toContain('<img');
    expect(html).not.toContain('<strong>');
    expect(html).toContain('</details>');
  });
});
