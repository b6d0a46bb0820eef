import { markdownLink, StepSummary } from '@te-actions/action-kit';
import * as core from '@actions/core';
import { buildAuditRecord, writeAuditRecord, type AuditRecord, type ChangeFacts, type ChangeResult, type RecordedReview } from './audit-record.js';
import { createGitHubClient, getRunApprovals } from './github-api.js';
import type { RunContext } from './run-context.js';

export interface FinalStage {
  /** The changing job's result: success, failure, cancelled or skipped. */
  outcome: string;
  /** Token that can read the run's approvals (actions: read). */
  token: string;
}

export interface RecordedChange {
  record: AuditRecord;
  auditFile: string;
}

const sameName = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/** The reviews of this run's deployment to the environment; null with the reason when they cannot be read. */
async function readReviews(run: RunContext, environment: string | undefined, token: string, signal: AbortSignal): Promise<Pick<ChangeResult, 'reviews' | 'reviewsUnavailable'>> {
  if (!environment) return { reviews: null, reviewsUnavailable: 'no environment given, so no review to record' };
  try {
    const client = await createGitHubClient(token);
    const approvals = await getRunApprovals(client, run, run.runId, signal);
    const reviews: RecordedReview[] = approvals
      .filter((approval) => (approval.environments ?? []).some((env) => typeof env.name === 'string' && sameName(env.name, environment)))
      .map((approval) => ({ login: approval.user?.login ?? '', userType: approval.user?.type ?? '', state: approval.state, comment: typeof approval.comment === 'string' ? approval.comment : '' }));
    return { reviews };
  } catch (error) {
    signal.throwIfAborted();
    return { reviews: null, reviewsUnavailable: error instanceof Error ? error.message : String(error) };
  }
}

/**
 * Writes the audit record of a change — the request before the gate, or with `final` the record after
 * the change ran, with its outcome and who reviewed it — and shows it in the step summary.
 */
export async function recordChange(change: ChangeFacts, run: RunContext, signal: AbortSignal, final?: FinalStage): Promise<RecordedChange> {
  const result: ChangeResult | undefined = final ? { outcome: final.outcome, ...(await readReviews(run, change.environment, final.token, signal)) } : undefined;
  const record = buildAuditRecord(change, run, new Date(), result);
  const auditFile = writeAuditRecord(record);
  const { ticket, action, environment, image, details } = change;
  const what = `${action}${environment ? ` to ${environment}` : ''}${image ? ` with ${image}` : ''}`;
  core.info(final ? `Change ${ticket}: ${what} ended with ${final.outcome}` : `Change ${ticket}: ${what} by ${run.triggeringActor} from ${run.ref} @ ${run.sha}`);
  if (result?.reviewsUnavailable && environment) core.warning(`The reviews of the deployment to ${environment} could not be read; the final record has none: ${result.reviewsUnavailable}`);
  core.info(`Audit record: ${auditFile}`);

  const actor = run.triggeringActor && run.triggeringActor !== run.actor ? `${run.actor} (re-run by ${run.triggeringActor})` : run.actor;
  const commitUrl = `${run.serverUrl}/${run.repository}/commit/${encodeURIComponent(run.sha)}`;
  const approvedBy = (record.reviews ?? []).filter((review) => review.state === 'approved').map((review) => review.login);
  const summary = new StepSummary()
    .heading(`Change ${ticket}: ${action}${final ? ` (final record: ${final.outcome})` : ''}`)
    .facts([
      ['Ticket', ticket],
      ['Action', action],
      ['Environment', environment ?? '(not given)'],
      ['Image', image ?? '(not given)'],
      ['Actor', actor || '(unknown)'],
      ...(final ? ([['Outcome', final.outcome], ['Approved by', record.reviews ? approvedBy.join(', ') || '(nobody)' : '(could not be read)']] as [string, string][]) : []),
      ['Ref', run.ref || '(unknown)'],
      ['Commit', run.sha ? { markdown: markdownLink(run.sha.slice(0, 12), commitUrl) } : '(unknown)'],
      ['Run', { markdown: markdownLink(`${run.workflow || 'workflow'} run ${run.runId} attempt ${run.runAttempt}`, run.runUrl) }],
      ['Time', record.recordedAt],
    ]);
  if (record.reviews?.length) summary.heading('Reviews', 4).table(['Reviewer', 'Type', 'State', 'Comment'], record.reviews.map((review) => [review.login, review.userType, review.state, review.comment]));
  if (details.length) summary.heading('Details', 4).table(['Name', 'Value'], details.map((detail) => [detail.name, detail.value]));
  await summary.write();
  return { record, auditFile };
}
