import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { buildAuditRecord, writeAuditRecord } from '../src/audit-record.js';
import { readRunContext } from '../src/run-context.js';

const run = readRunContext({ GITHUB_REPOSITORY: 'contoso/migrations', GITHUB_RUN_ID: '7001', GITHUB_ACTOR: 'alice', GITHUB_REF: 'refs/heads/main', GITHUB_SHA: 'abc123' });

describe('audit record', () => {
  test('is written as JSON under the given folder and read back unchanged', () => {
    const dir = mkdtempSync(join(tmpdir(), 'audit-'));
    try {
      const record = buildAuditRecord({ ticket: 'CHG-2026-001', action: 'deploy', image: 'r.io/m:1', details: [{ name: 'TABLES', value: 'a,b' }] }, run, new Date('2026-11-23T09:00:00Z'));
      const path = writeAuditRecord(record, dir);
      expect(dirname(path)).toBe(join(dir, 'change-audit'));
      expect(path).toMatch(/change-request-7001-1-[0-9a-f]{8}\.json$/);
      const read = JSON.parse(readFileSync(path, 'utf8'));
      expect(read).toEqual(record);
      expect(read).toMatchObject({ schema: 'te-actions/change-audit/v1', stage: 'request', outcome: null, reviews: null, ticket: 'CHG-2026-001', environment: null, details: { TABLES: 'a,b' }, commit: 'abc123', actor: 'alice', triggeringActor: 'alice', recordedAt: '2026-11-23T09:00:00.000Z' });
      const second = writeAuditRecord(record, dir);
      expect(second).not.toBe(path);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a final record carries the outcome and the reviews', () => {
    const reviews = [{ login: 'bob', userType: 'User', state: 'approved', comment: 'plan read' }];
    const record = buildAuditRecord({ ticket: 'CHG-2026-001', action: 'deploy', details: [] }, run, new Date('2026-11-23T09:30:00Z'), { outcome: 'success', reviews });
    expect(record).toMatchObject({ stage: 'final', outcome: 'success', reviews, reviewsUnavailable: null });
    const unread = buildAuditRecord({ ticket: 'CHG-2026-001', action: 'deploy', details: [] }, run, new Date(), { outcome: 'failure', reviews: null, reviewsUnavailable: 'HTTP 403' });
    expect(unread).toMatchObject({ stage: 'final', outcome: 'failure', reviews: null, reviewsUnavailable: 'HTTP 403' });
  });
});
