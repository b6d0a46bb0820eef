import { failed, passed, type CheckResult } from './check-result.js';

export const ENVIRONMENT_CHECK = 'Environment protection';

/** The parts of GET /repos/{owner}/{repo}/environments/{environment_name} the guard reads. */
export interface EnvironmentInfo {
  name: string;
  protection_rules?: ProtectionRule[];
}

export interface ProtectionRule {
  type: string;
  wait_timer?: number;
  reviewers?: { type: string; reviewer?: { login?: string; name?: string; slug?: string } }[];
}

/** Who a required-reviewers rule names, for the summary: users by login, teams by slug. */
export function reviewerNames(rule: ProtectionRule): string[] {
  return (rule.reviewers ?? []).map((entry) => (entry.type === 'Team' ? `team ${entry.reviewer?.slug ?? entry.reviewer?.name ?? '?'}` : (entry.reviewer?.login ?? '?')));
}

/**
 * The environment must exist (the caller passes undefined for 404) and, when reviewers are required,
 * have a required-reviewers protection rule naming at least one reviewer.
 */
export function checkEnvironmentProtection(environment: string, info: EnvironmentInfo | undefined, requireReviewers: boolean): CheckResult {
  if (!info) return failed(ENVIRONMENT_CHECK, `environment ${environment} does not exist in this repository`);
  if (!requireReviewers) return passed(ENVIRONMENT_CHECK, `environment ${info.name} exists (required reviewers not demanded)`);
  const rule = (info.protection_rules ?? []).find((candidate) => candidate.type === 'required_reviewers');
  if (!rule) return failed(ENVIRONMENT_CHECK, `environment ${info.name} has no required-reviewers protection rule`);
  const names = reviewerNames(rule);
  if (names.length === 0) return failed(ENVIRONMENT_CHECK, `environment ${info.name} has a required-reviewers rule with no reviewers`);
  return passed(ENVIRONMENT_CHECK, `environment ${info.name} requires a review by ${names.join(', ')}`);
}
