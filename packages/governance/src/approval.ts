import { failed, passed, type CheckResult } from './check-result.js';

export const APPROVAL_CHECK = 'Deployment approval';

/** One entry of GET /repos/{owner}/{repo}/actions/runs/{run_id}/approvals. */
export interface RunApproval {
  environments?: { name?: string }[];
  state: string;
  user?: { login?: string } | null;
  comment?: string;
}

export interface ApprovalRule {
  environment: string;
  /** The people who started the run (github.actor) and this attempt (github.triggering_actor). */
  triggeredBy: readonly string[];
  requireApprovalByOther: boolean;
}

export interface ApprovalOutcome {
  check: CheckResult;
  /** Logins whose approval counts, in the order they approved. */
  approvedBy: string[];
}

const sameName = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/**
 * This run's deployment to the environment must have been approved, with no rejection, and — when
 * required — by someone other than the people who triggered the run. Anything unclear fails.
 */
export function checkApproval(approvals: readonly RunApproval[], rule: ApprovalRule): ApprovalOutcome {
  const forEnvironment = approvals.filter((approval) => (approval.environments ?? []).some((env) => env.name !== undefined && sameName(env.name, rule.environment)));
  const rejectedBy = forEnvironment.filter((approval) => approval.state !== 'approved').map((approval) => approval.user?.login ?? 'unknown');
  const approvers = [...new Set(forEnvironment.filter((approval) => approval.state === 'approved').map((approval) => approval.user?.login ?? ''))];
  if (rejectedBy.length) {
    return { check: failed(APPROVAL_CHECK, `the deployment to ${rule.environment} was rejected by ${[...new Set(rejectedBy)].join(', ')}`), approvedBy: [] };
  }
  if (approvers.length === 0) return { check: failed(APPROVAL_CHECK, `this run's deployment to ${rule.environment} has no approval`), approvedBy: [] };
  if (approvers.includes('')) return { check: failed(APPROVAL_CHECK, 'an approval has no user; cannot tell who approved'), approvedBy: [] };

  const triggeredBy = rule.triggeredBy.filter((name) => name !== '');
  if (!rule.requireApprovalByOther) return { check: passed(APPROVAL_CHECK, `approved by ${approvers.join(', ')}`), approvedBy: approvers };
  if (triggeredBy.length === 0) return { check: failed(APPROVAL_CHECK, 'the person who triggered the run is unknown, so an approval by someone else cannot be confirmed'), approvedBy: [] };
  const others = approvers.filter((login) => !triggeredBy.some((name) => sameName(name, login)));
  if (others.length === 0) {
    return { check: failed(APPROVAL_CHECK, `approved only by ${approvers.join(', ')}, who triggered the run; a second person must approve`), approvedBy: [] };
  }
  return { check: passed(APPROVAL_CHECK, `approved by ${others.join(', ')} (not the person who triggered the run)`), approvedBy: others };
}
