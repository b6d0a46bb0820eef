import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunContext } from './run-context.js';

export const AUDIT_SCHEMA = 'te-actions/change-audit/v1';

/** A review of the deployment, as GET …/actions/runs/{run_id}/approvals lists it. */
export interface RecordedReview {
  login: string;
  /** simple-user.type: User for a person, Bot for an app. */
  userType: string;
  state: string;
  comment: string;
}

/**
 * What was changed, under which ticket, by whom, from which commit and run: one JSON document. A run
 * writes two: the `request` before the gate, and the `final` record after the change, with who approved
 * and the outcome.
 */
export interface AuditRecord {
  schema: typeof AUDIT_SCHEMA;
  /** request: written before the approval; final: written after the change ran. */
  stage: 'request' | 'final';
  /** final: the changing job's result (success, failure, cancelled, skipped); null in a request. */
  outcome: string | null;
  /** final: the reviews of the run's deployment to the environment; null in a request or when they could not be read. */
  reviews: RecordedReview[] | null;
  /** final: why the reviews could not be read, else null. */
  reviewsUnavailable: string | null;
  ticket: string;
  action: string;
  environment: string | null;
  image: string | null;
  details: Record<string, string>;
  repository: string;
  ref: string;
  commit: string;
  event: string;
  actor: string;
  triggeringActor: string;
  workflow: string;
  job: string;
  runId: number;
  runAttempt: string;
  runUrl: string;
  recordedAt: string;
}

export interface ChangeFacts {
  ticket: string;
  action: string;
  environment?: string;
  image?: string;
  details: { name: string; value: string }[];
}

/** What a final record adds to the request. */
export interface ChangeResult {
  outcome: string;
  reviews: RecordedReview[] | null;
  reviewsUnavailable?: string;
}

export function buildAuditRecord(change: ChangeFacts, run: RunContext, now: Date = new Date(), result?: ChangeResult): AuditRecord {
  return {
    schema: AUDIT_SCHEMA,
    stage: result ? 'final' : 'request',
    outcome: result?.outcome ?? null,
    reviews: result?.reviews ?? null,
    reviewsUnavailable: result?.reviewsUnavailable ?? null,
    ticket: change.ticket,
    action: change.action,
    environment: change.environment ?? null,
    image: change.image ?? null,
    details: Object.fromEntries(change.details.map((detail) => [detail.name, detail.value])),
    repository: run.repository,
    ref: run.ref,
    commit: run.sha,
    event: run.eventName,
    actor: run.actor,
    triggeringActor: run.triggeringActor,
    workflow: run.workflow,
    job: run.job,
    runId: run.runId,
    runAttempt: run.runAttempt,
    runUrl: run.runUrl,
    recordedAt: now.toISOString(),
  };
}

/**
 * Writes the record as JSON to a new file under `dir` (RUNNER_TEMP, which the runner empties after
 * the job) and returns its path. The name holds only the run id, attempt and a random part, never user input.
 */
export function writeAuditRecord(record: AuditRecord, dir: string = process.env.RUNNER_TEMP || tmpdir()): string {
  const folder = join(dir, 'change-audit');
  mkdirSync(folder, { recursive: true });
  const path = join(folder, `change-${record.stage}-${record.runId}-${record.runAttempt.replace(/[^0-9]/g, '') || '1'}-${randomBytes(4).toString('hex')}.json`);
  writeFileSync(path, `${JSON.stringify(record, null, 2)}\n`, { flag: 'wx' });
  return path;
}
