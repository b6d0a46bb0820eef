import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { startEmulator } from '../emulator/index.ts';
import { runStep, type GitHubContext } from '../runner/run-step.ts';
import { expectNoSecrets } from './secret-scan.ts';

const run = (inputs: Record<string, string>, github: Partial<GitHubContext> = {}) =>
  runStep({ action: 'change-ticket-summary', inputs: { 'change-ticket': 'CHG-2026-001', action: 'deploy', ...inputs }, github, timeoutMs: 60_000 });

describe('change-ticket-summary (committed bundle, runner environment)', () => {
  test('records the change: outputs, summary and a JSON audit record under RUNNER_TEMP', async () => {
    const started = Date.now();
    const result = await run(
      { environment: 'production', image: 'contoso.azurecr.io/migrations:1.4.2', details: 'JOB=migrate-db\nTABLES=orders,customers\n# comment\n' },
      { runId: '8123', runAttempt: '2', actor: 'alice', triggeringActor: 'carol', workflow: 'prod' },
    );
    expect(result.errors).toEqual([]);
    expect(result.exitCode).toBe(0);
    expect(result.outputs.ticket).toBe('CHG-2026-001');
    const auditFile = result.outputs['audit-file']!;
    expect(dirname(auditFile)).toBe(join(result.runnerTemp, 'change-audit'));

    const record = JSON.parse(readFileSync(auditFile, 'utf8'));
    expect(record).toEqual({
      schema: 'te-actions/change-audit/v1',
      stage: 'request',
      outcome: null,
      reviews: null,
      reviewsUnavailable: null,
      ticket: 'CHG-2026-001',
      action: 'deploy',
      environment: 'production',
      image: 'contoso.azurecr.io/migrations:1.4.2',
      details: { JOB: 'migrate-db', TABLES: 'orders,customers' },
      repository: 'contoso/migrations',
      ref: 'refs/heads/main',
      commit: '4f1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c',
      event: 'workflow_dispatch',
      actor: 'alice',
      triggeringActor: 'carol',
      workflow: 'prod',
      job: 'deploy',
      runId: 8123,
      runAttempt: '2',
      runUrl: 'https://github.com/contoso/migrations/actions/runs/8123/attempts/2',
      recordedAt: expect.any(String),
    });
    const recordedAt = Date.parse(record.recordedAt);
    expect(recordedAt).toBeGreaterThanOrEqual(started - 1000);
    expect(recordedAt).toBeLessThanOrEqual(Date.now() + 1000);

    const summary = result.summary;
    expect(summary).toContain('### Change CHG-2026-001: deploy');
    expect(summary).toContain('| **Ticket** | CHG-2026-001 |');
    expect(summary).toContain('| **Action** | deploy |');
    expect(summary).toContain('| **Environment** | production |');
    expect(summary).toContain('| **Image** | contoso.azurecr.io/migrations:1.4.2 |');
    expect(summary).toContain('| **Actor** | alice \\(re-run by carol\\) |');
    expect(summary).toContain('| **Ref** | refs/heads/main |');
    expect(summary).toContain('| **Commit** | [4f1c2d3e4f5a](https://github.com/contoso/migrations/commit/4f1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c) |');
    expect(summary).toContain('| **Run** | [prod run 8123 attempt 2](https://github.com/contoso/migrations/actions/runs/8123/attempts/2) |');
    expect(summary).toContain(`| **Time** | ${record.recordedAt} |`);
    expect(summary).toContain('| JOB | migrate-db |');
    expect(summary).toContain('| TABLES | orders,customers |');
    expect(result.log).toContain(`Audit record: ${auditFile}`);
  });

  test('accepts a rollback ticket and leaves optional facts out of the record', async () => {
    const result = await run({ 'change-ticket': '  ROLLBACK-CHG-2026-001  ', action: 'rollback' });
    expect(result.exitCode).toBe(0);
    expect(result.outputs.ticket).toBe('ROLLBACK-CHG-2026-001');
    const record = JSON.parse(readFileSync(result.outputs['audit-file']!, 'utf8'));
    expect(record).toMatchObject({ ticket: 'ROLLBACK-CHG-2026-001', action: 'rollback', environment: null, image: null, details: {} });
    expect(result.summary).toContain('| **Image** | \\(not given\\) |');
  });

  test('a custom pattern replaces the default', async () => {
    const result = await run({ 'change-ticket': 'OPS-4711', pattern: 'OPS-[0-9]+' });
    expect(result.exitCode).toBe(0);
    expect(result.outputs.ticket).toBe('OPS-4711');
    const refused = await run({ 'change-ticket': 'CHG-2026-001', pattern: 'OPS-[0-9]+' });
    expect(refused.exitCode).toBe(1);
    expect(refused.errors).toEqual([`Input 'change-ticket' has the value "CHG-2026-001", which does not match the ticket pattern. Expected a change ticket matching OPS-[0-9]+.`]);
  });

  test('Markdown and HTML in every input are shown as typed, never rendered', async () => {
    const result = await run({
      'change-ticket': 'OPS-1 <img src=x onerror=alert(1)>',
      pattern: 'OPS-1 .*',
      environment: '**prod** <script>alert(1)</script> | [x](javascript:alert(1))',
      details: 'NOTE=<b>bold</b> *stars* `code` | pipe\nLINK=[click](https://evil.example)',
    });
    expect(result.errors).toEqual([]);
    expect(result.exitCode).toBe(0);
    const summary = result.summary;
    expect(summary).not.toMatch(/<img|<script|<b>/);
    expect(summary).toContain('OPS-1 &lt;img src=x onerror=alert\\(1\\)&gt;');
    expect(summary).toContain('\\*\\*prod\\*\\* &lt;script&gt;alert\\(1\\)&lt;/script&gt; \\| \\[x\\]\\(javascript:alert\\(1\\)\\)');
    expect(summary).toContain('| NOTE | &lt;b&gt;bold&lt;/b&gt; \\*stars\\* \\`code\\` \\| pipe |');
    expect(summary).toContain('| LINK | \\[click\\]\\(https:\u200b//evil.example\\) |');
    expect(summary).not.toContain('](https://evil.example)');
    // The audit record keeps the values exactly.
    const record = JSON.parse(readFileSync(result.outputs['audit-file']!, 'utf8'));
    expect(record.environment).toBe('**prod** <script>alert(1)</script> | [x](javascript:alert(1))');
    expect(record.details.NOTE).toBe('<b>bold</b> *stars* `code` | pipe');
  });

  describe('the final record after the change: outcome and who reviewed it', () => {
    test('records the outcome and the reviews of the deployment to the environment', async () => {
      const emulator = await startEmulator();
      try {
        emulator.github.addEnvironment({ name: 'production', reviewers: ['bob'], preventSelfReview: true });
        emulator.github.addEnvironment({ name: 'production-build', reviewers: [] });
        emulator.github.review({ runId: 8200, environment: 'production', login: 'bob', comment: 'digest checked <b>ok</b>' });
        emulator.github.review({ runId: 8200, environment: 'production-build', login: 'carol' });
        const result = await runStep({
          action: 'change-ticket-summary',
          inputs: { 'change-ticket': 'CHG-2026-001', action: 'deploy', environment: 'production', image: 'contoso.azurecr.io/migrations@sha256:' + 'a'.repeat(64), stage: 'final', outcome: 'success' },
          github: { runId: '8200' },
          env: emulator.env(),
          timeoutMs: 60_000,
        });
        expect(result.errors).toEqual([]);
        expect(result.exitCode).toBe(0);
        const record = JSON.parse(readFileSync(result.outputs['audit-file']!, 'utf8'));
        expect(record).toMatchObject({ stage: 'final', outcome: 'success', reviewsUnavailable: null, reviews: [{ login: 'bob', userType: 'User', state: 'approved', comment: 'digest checked <b>ok</b>' }] });
        expect(result.outputs['audit-file']).toMatch(/change-final-8200-1-/);
        expect(result.summary).toContain('### Change CHG-2026-001: deploy \\(final record: success\\)');
        expect(result.summary).toContain('| **Outcome** | success |');
        expect(result.summary).toContain('| **Approved by** | bob |');
        expect(result.summary).toContain('| bob | User | approved | digest checked &lt;b&gt;ok&lt;/b&gt; |');
        expect(emulator.core.requestsTo('github.approvals')[0]!.path).toBe('/repos/contoso/migrations/actions/runs/8200/approvals');
        expectNoSecrets(result, emulator, [emulator.github.workflowToken]);
      } finally {
        await emulator.stop();
      }
    });

    test('approvals that cannot be read leave a final record with the reason and a warning', async () => {
      const emulator = await startEmulator();
      try {
        emulator.inject({ route: 'github.approvals', status: 403, body: { message: 'Resource not accessible by integration' } });
        const result = await runStep({
          action: 'change-ticket-summary',
          inputs: { 'change-ticket': 'CHG-2026-001', action: 'apply', environment: 'production', stage: 'final', outcome: 'failure' },
          github: { runId: '8201' },
          env: emulator.env(),
          timeoutMs: 60_000,
        });
        expect(result.exitCode).toBe(0);
        const record = JSON.parse(readFileSync(result.outputs['audit-file']!, 'utf8'));
        expect(record).toMatchObject({ stage: 'final', outcome: 'failure', reviews: null, reviewsUnavailable: expect.stringContaining('HTTP 403') });
        expect(result.summary).toContain('| **Approved by** | \\(could not be read\\) |');
        expect(result.annotations.filter((a) => a.level === 'warning').map((a) => a.message).join('\n')).toContain('could not be read');
      } finally {
        await emulator.stop();
      }
    });
  });

  describe('bad inputs fail with the input named and no audit file', () => {
    const cases: [string, Record<string, string>, string][] = [
      ['an empty ticket', { 'change-ticket': '' }, "Input 'change-ticket' is required but was empty. Expected a change ticket matching (ROLLBACK-)?CHG-[0-9]{4}-[0-9]{3,}, e.g. CHG-2026-001 or ROLLBACK-CHG-2026-001."],
      ['a malformed ticket', { 'change-ticket': 'CHG-26-1' }, `Input 'change-ticket' has the value "CHG-26-1", which does not match the ticket pattern. Expected a change ticket matching (ROLLBACK-)?CHG-[0-9]{4}-[0-9]{3,}, e.g. CHG-2026-001 or ROLLBACK-CHG-2026-001.`],
      ['a ticket with Markdown', { 'change-ticket': 'CHG-2026-001 **urgent**' }, `Input 'change-ticket' has the value "CHG-2026-001 **urgent**", which does not match the ticket pattern.`],
      ['a two-line ticket', { 'change-ticket': 'CHG-2026-001\nCHG-2026-002' }, "Input 'change-ticket' contains a line break or control character."],
      ['an invalid pattern', { pattern: 'CHG-[0-9' }, "Input 'pattern' is not a valid regular expression ("],
      ['a pattern that accepts nothing', { pattern: 'CHG-[0-9]*|' }, "Input 'pattern' matches an empty ticket."],
      ['an empty action', { action: '' }, "Input 'action' is required but was empty. Expected what this run does: deploy, load, rollback, plan, apply, destroy, ...."],
      ['an action with Markdown', { action: '<b>deploy</b>' }, `Input 'action' has the value "<b>deploy</b>". Expected one word of at most 40 letters, digits, - or _, such as deploy, load, rollback, plan, apply or destroy.`],
      ['an image without a tag', { image: 'contoso.azurecr.io/migrations' }, "Input 'image'"],
      ['a details line without =', { details: 'JOB=migrate\njust text' }, `Input 'details' has line 2 without '=': "just text". Expected one NAME=VALUE pair per line.`],
      ['an unknown stage', { stage: 'later' }, `Input 'stage' has the value "later". Expected one of request, final.`],
      ['an outcome on a request', { outcome: 'success' }, `Input 'outcome' is set while stage is request.`],
      ['a final record without outcome', { stage: 'final' }, `Input 'outcome' is required with stage: final but was empty.`],
      ['an unknown outcome', { stage: 'final', outcome: 'done' }, `Input 'outcome' has the value "done". Expected one of success, failure, cancelled, skipped.`],
      ['a final record without a token', { stage: 'final', outcome: 'success', 'github-token': '' }, `Input 'github-token' is required but was empty.`],
    ];
    test.each(cases)('%s', async (_name, inputs, message) => {
      const result = await run(inputs);
      expect(result.exitCode).toBe(1);
      expect(result.errors).toHaveLength(1);
      expect(result.errors[0]).toContain(message);
      expect(result.outputs).toEqual({});
      expect(result.summary).toBe('');
    });
  });
});
