import { failed, passed, type CheckResult } from './check-result.js';
import type { ReviewerList } from './environment-protection.js';

export const APPROVAL_CHECK = 'Deployment approval';

/**
 * One entry of GET /repos/{owner}/{repo}/actions/runs/{run_id}/approvals (GitHub's OpenAPI schema
 * "environment-approvals": environments[], state approved|rejected|pending, user as simple-user, comment).
 * The list covers every job and every attempt of the run; it names neither.
 */
export interface RunApproval {
  environments?: { name?: string }[];
  state: string;
  user?: { login?: string; type?: string } | null;
  comment?: string;
}

/** The answer of GET /orgs/{org}/teams/{team_slug}/memberships/{username}, as the guard needs it. */
export type TeamMembership = { member: true } | { member: false; reason: string };

export interface ApprovalRule {
  environment: string;
  /** The users and teams the environment's required-reviewers rule lists. */
  reviewers: ReviewerList;
  /** The people who started the run (github.actor) and this attempt (github.triggering_actor). */
  triggeredBy: readonly string[];
  requireApprovalByOther: boolean;
  /** Whether `login` is an active member of `team`; anything unverifiable is { member: false, reason }. */
  teamMembership: (team: string, login: string) => Promise<TeamMembership>;
  /** Whether GitHub lists this run's deployment to the environment as waiting for review. */
  isPending: () => Promise<boolean>;
}

export interface ApprovalOutcome {
  check: CheckResult;
  /** Logins whose approval counts, in the order they approved. */
  approvedBy: string[];
}

const sameName = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();
const KNOWN_STATES = ['approved', 'rejected', 'pending'];

/** Why one approver counts (`counts`) or not (`reason`). */
type Verdict = { counts: true; how: string } | { counts: false; reason: string; self?: boolean };
type Refusal = { login: string; reason: string; self: boolean };

async function judgeApprover(login: string, userType: string | undefined, rule: ApprovalRule, triggeredBy: string[]): Promise<Verdict> {
  if (userType !== 'User') return { counts: false, reason: `${login} is ${userType ? `a ${userType}` : 'of unknown type'}, not a person` };
  if (rule.requireApprovalByOther && triggeredBy.some((name) => sameName(name, login))) return { counts: false, reason: `${login} triggered the run`, self: true };
  if (rule.reviewers.users.some((name) => sameName(name, login))) return { counts: true, how: login };
  const unverified: string[] = [];
  for (const team of rule.reviewers.teams) {
    const membership = await rule.teamMembership(team, login);
    if (membership.member) return { counts: true, how: `${login} (team ${team})` };
    unverified.push(`team ${team}: ${membership.reason}`);
  }
  if (rule.reviewers.teams.length === 0) return { counts: false, reason: `${login} is not a listed reviewer` };
  return { counts: false, reason: `${login} is not a listed reviewer and not a verified member of a listed team (${unverified.join('; ')})` };
}

/**
 * This run's deployment to the environment must have been approved, with no rejection, by a person
 * (simple-user type User) the environment lists as a reviewer — directly, or through a team whose
 * membership the token can confirm — and, when required, not by the people who triggered the run.
 * Anything unclear fails; a review still waiting is reported as pending.
 */
export async function checkApproval(approvals: readonly RunApproval[], rule: ApprovalRule): Promise<ApprovalOutcome> {
  const blocked = (detail: string): ApprovalOutcome => ({ check: failed(APPROVAL_CHECK, detail), approvedBy: [] });
  const forEnvironment = approvals.filter((approval) => (approval.environments ?? []).some((env) => env.name !== undefined && sameName(env.name, rule.environment)));
  const unknown = forEnvironment.filter((approval) => !KNOWN_STATES.includes(approval.state));
  if (unknown.length) return blocked(`a review of the deployment to ${rule.environment} has the unknown state ${JSON.stringify(unknown[0]!.state)}`);
  const rejectedBy = forEnvironment.filter((approval) => approval.state === 'rejected').map((approval) => approval.user?.login ?? 'unknown');
  if (rejectedBy.length) return blocked(`the deployment to ${rule.environment} was rejected by ${[...new Set(rejectedBy)].join(', ')}`);

  const approved = forEnvironment.filter((approval) => approval.state === 'approved');
  if (approved.some((approval) => !approval.user?.login)) return blocked('an approval has no user; cannot tell who approved');
  const triggeredBy = rule.triggeredBy.filter((name) => name !== '');
  if (rule.requireApprovalByOther && approved.length && triggeredBy.length === 0) {
    return blocked('the person who triggered the run is unknown, so an approval by someone else cannot be confirmed');
  }

  const counted: string[] = [];
  const how: string[] = [];
  const refused: Refusal[] = [];
  const seen = new Set<string>();
  for (const approval of approved) {
    const login = approval.user!.login!;
    if (seen.has(login.toLowerCase())) continue;
    seen.add(login.toLowerCase());
    const verdict = await judgeApprover(login, approval.user!.type, rule, triggeredBy);
    if (verdict.counts) {
      counted.push(login);
      how.push(verdict.how);
    } else refused.push({ login, reason: verdict.reason, self: verdict.self === true });
  }
  const notCounted = refused.map((refusal) => refusal.reason);
  if (counted.length) {
    const besides = notCounted.length ? `; not counted: ${notCounted.join('; ')}` : '';
    const other = rule.requireApprovalByOther ? ' (not the person who triggered the run)' : '';
    return { check: passed(APPROVAL_CHECK, `approved by ${how.join(', ')}${other}${besides}`), approvedBy: counted };
  }

  let pending = forEnvironment.some((approval) => approval.state === 'pending');
  let pendingUnknown = '';
  if (!pending) {
    try {
      pending = await rule.isPending();
    } catch (error) {
      pendingUnknown = ` (whether it is still pending could not be read: ${error instanceof Error ? error.message : String(error)})`;
    }
  }
  if (pending) return blocked(`the deployment to ${rule.environment} is still pending review: nobody whose approval counts has approved it yet`);
  if (refused.length && refused.every((refusal) => refusal.self)) {
    return blocked(`approved only by ${refused.map((refusal) => refusal.login).join(', ')}, who triggered the run; a second person must approve`);
  }
  if (refused.length) return blocked(`no approval of the deployment to ${rule.environment} counts: ${notCounted.join('; ')}`);
  return blocked(`this run's deployment to ${rule.environment} has no approval${pendingUnknown}`);
}
