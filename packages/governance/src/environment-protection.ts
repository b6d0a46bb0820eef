import { failed, passed, type CheckResult } from './check-result.js';

export const ENVIRONMENT_CHECK = 'Environment protection';

/**
 * The parts of GET /repos/{owner}/{repo}/environments/{environment_name} the guard reads (GitHub's
 * OpenAPI description, schema "environment": protection_rules[] of type required_reviewers carry
 * prevent_self_review and reviewers[] {type: User|Team, reviewer}).
 */
export interface EnvironmentInfo {
  name: string;
  protection_rules?: ProtectionRule[];
}

export interface ProtectionRule {
  type: string;
  wait_timer?: number;
  prevent_self_review?: boolean;
  reviewers?: { type: string; reviewer?: { login?: string; name?: string; slug?: string } }[];
}

/** The people and teams a required-reviewers rule names. */
export interface ReviewerList {
  /** Logins of reviewers of type User. */
  users: string[];
  /** Slugs of reviewers of type Team. */
  teams: string[];
}

export interface ProtectionRequirements {
  /** The environment must have a required-reviewers rule naming at least one reviewer. */
  requireReviewers: boolean;
  /** That rule must have prevent_self_review: true (GitHub then refuses a review by whoever triggered the deployment). */
  requireSelfReviewPrevention: boolean;
}

/** Who a required-reviewers rule names, for the summary: users by login, teams by slug. */
export function reviewerNames(rule: ProtectionRule): string[] {
  return (rule.reviewers ?? []).map((entry) => (entry.type === 'Team' ? `team ${entry.reviewer?.slug ?? entry.reviewer?.name ?? '?'}` : (entry.reviewer?.login ?? '?')));
}

export function requiredReviewersRule(info: EnvironmentInfo | undefined): ProtectionRule | undefined {
  return (info?.protection_rules ?? []).find((candidate) => candidate.type === 'required_reviewers');
}

/** The listed reviewers; an entry of another type or without a login/slug is left out (it can never match an approver). */
export function listedReviewers(info: EnvironmentInfo | undefined): ReviewerList {
  const reviewers = requiredReviewersRule(info)?.reviewers ?? [];
  return {
    users: reviewers.filter((entry) => entry.type === 'User' && typeof entry.reviewer?.login === 'string').map((entry) => entry.reviewer!.login!),
    teams: reviewers.filter((entry) => entry.type === 'Team' && typeof entry.reviewer?.slug === 'string').map((entry) => entry.reviewer!.slug!),
  };
}

/**
 * The environment must exist (the caller passes undefined for 404) and, when reviewers are required,
 * have a required-reviewers protection rule naming at least one reviewer, with self-review prevented
 * when that is required.
 */
export function checkEnvironmentProtection(environment: string, info: EnvironmentInfo | undefined, requirements: ProtectionRequirements): CheckResult {
  if (!info) return failed(ENVIRONMENT_CHECK, `environment ${environment} does not exist in this repository`);
  if (!requirements.requireReviewers) return passed(ENVIRONMENT_CHECK, `environment ${info.name} exists (required reviewers not demanded)`);
  const rule = requiredReviewersRule(info);
  if (!rule) return failed(ENVIRONMENT_CHECK, `environment ${info.name} has no required-reviewers protection rule`);
  const names = reviewerNames(rule);
  if (names.length === 0) return failed(ENVIRONMENT_CHECK, `environment ${info.name} has a required-reviewers rule with no reviewers`);
  if (requirements.requireSelfReviewPrevention && rule.prevent_self_review !== true) {
    return failed(
      ENVIRONMENT_CHECK,
      `environment ${info.name} lets the person who triggered a deployment approve it (prevent_self_review is not true); turn on "Prevent self-review" under Settings > Environments > ${info.name} > Required reviewers`,
    );
  }
  const selfReview = rule.prevent_self_review === true ? ', self-review prevented' : '';
  return passed(ENVIRONMENT_CHECK, `environment ${info.name} requires a review by ${names.join(', ')}${selfReview}`);
}
