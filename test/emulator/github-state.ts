/**
 * GitHub repository environments, workflow-run deployment reviews, pending deployments and team
 * memberships, as the REST API reports them. No recorded traffic of these endpoints exists; the shapes
 * follow GitHub's OpenAPI description (github/rest-api-description,
 * descriptions/api.github.com/api.github.com.json): the examples "environment" (Get an environment),
 * "environment-approvals-items" (Get the review history for a workflow run: environments[], state
 * approved|rejected|pending, user as simple-user with its type, comment), "pending-deployment-items" (Get
 * pending deployments for a workflow run) and "team-membership-response-if-user-is-a-team-maintainer"
 * (Get team membership for a user: url, role, state active|pending; 404 when not a member).
 */

/** The workflow token test/runner passes as `${{ github.token }}` (DEFAULT_CONTEXT.token in run-step.ts). */
export const EMULATED_WORKFLOW_TOKEN = 'ghs_emulatedWorkflowToken000000000000000';

export interface EnvironmentSpec {
  /** owner/name; default contoso/migrations (the runner's default repository). */
  repository?: string;
  name: string;
  /** Logins of required reviewers (users). With `teams`, none at all means no required-reviewers rule. */
  reviewers?: string[];
  /** Team slugs among the required reviewers. */
  teams?: string[];
  preventSelfReview?: boolean;
  /** Minutes; adds a wait_timer rule. */
  waitTimer?: number;
  /** Adds a branch_policy rule and a deployment_branch_policy. */
  protectedBranches?: boolean;
}

export interface ReviewSpec {
  repository?: string;
  runId: number | string;
  environment: string;
  login: string;
  state?: 'approved' | 'rejected' | 'pending';
  comment?: string;
  /** simple-user.type of the reviewer: User for a person, Bot for an app. Default User. */
  userType?: 'User' | 'Bot' | 'Organization';
}

export interface PendingSpec {
  repository?: string;
  runId: number | string;
  environment: string;
  waitTimer?: number;
}

interface EnvironmentRecord {
  id: number;
  repository: string;
  body: Record<string, unknown>;
}

const DEFAULT_REPOSITORY = 'contoso/migrations';

export class GitHubState {
  /** The token the GitHub routes accept (`Authorization: token|Bearer <token>`). */
  workflowToken = EMULATED_WORKFLOW_TOKEN;
  private nextId = 1000;
  private readonly environments = new Map<string, EnvironmentRecord>();
  private readonly reviews = new Map<string, Record<string, unknown>[]>();
  private readonly pending = new Map<string, Record<string, unknown>[]>();
  /** "org/team" (lower case) → logins (lower case) with their membership state. */
  private readonly teamMembers = new Map<string, Map<string, 'active' | 'pending'>>();

  private static environmentKey(repository: string, name: string): string {
    return `${repository.toLowerCase()}/${name.toLowerCase()}`;
  }

  private static runKey(repository: string, runId: number | string): string {
    return `${repository.toLowerCase()}#${runId}`;
  }

  /** Creates or replaces an environment with the given protection rules. */
  addEnvironment(spec: EnvironmentSpec): Record<string, unknown> {
    const repository = spec.repository ?? DEFAULT_REPOSITORY;
    const id = this.nextId++;
    const now = new Date().toISOString();
    const url = `https://api.github.com/repos/${repository}/environments/${encodeURIComponent(spec.name)}`;
    const rules: Record<string, unknown>[] = [];
    if (spec.waitTimer !== undefined) rules.push({ id: this.nextId++, node_id: `GA_wait${id}`, type: 'wait_timer', wait_timer: spec.waitTimer });
    const reviewers = [
      ...(spec.reviewers ?? []).map((login) => ({ type: 'User', reviewer: { login, id: this.nextId++, type: 'User', site_admin: false } })),
      ...(spec.teams ?? []).map((slug) => ({ type: 'Team', reviewer: { id: this.nextId++, name: slug, slug } })),
    ];
    if (spec.reviewers !== undefined || spec.teams !== undefined) {
      rules.push({ id: this.nextId++, node_id: `GA_rev${id}`, prevent_self_review: spec.preventSelfReview ?? false, type: 'required_reviewers', reviewers });
    }
    if (spec.protectedBranches) rules.push({ id: this.nextId++, node_id: `GA_branch${id}`, type: 'branch_policy' });
    const body = {
      id,
      node_id: `EN_${id}`,
      name: spec.name,
      url,
      html_url: `https://github.com/${repository}/deployments/activity_log?environments_filter=${encodeURIComponent(spec.name)}`,
      created_at: now,
      updated_at: now,
      can_admins_bypass: true,
      protection_rules: rules,
      deployment_branch_policy: spec.protectedBranches ? { protected_branches: true, custom_branch_policies: false } : null,
    };
    this.environments.set(GitHubState.environmentKey(repository, spec.name), { id, repository, body });
    return body;
  }

  environment(repository: string, name: string): Record<string, unknown> | undefined {
    return this.environments.get(GitHubState.environmentKey(repository, name))?.body;
  }

  /** Records a review (approval or rejection) of a run's deployment to an environment. */
  review(spec: ReviewSpec): void {
    const repository = spec.repository ?? DEFAULT_REPOSITORY;
    const environment = this.environment(repository, spec.environment);
    const key = GitHubState.runKey(repository, spec.runId);
    const list = this.reviews.get(key) ?? [];
    list.push({
      environments: [environment ? pick(environment) : { id: this.nextId++, name: spec.environment }],
      state: spec.state ?? 'approved',
      comment: spec.comment ?? '',
      user: { login: spec.login, id: this.nextId++, node_id: `U_${spec.login}`, type: spec.userType ?? 'User', site_admin: false },
    });
    this.reviews.set(key, list);
  }

  /** Marks a run's deployment to an environment as waiting for review (GET …/pending_deployments lists it). */
  addPending(spec: PendingSpec): void {
    const repository = spec.repository ?? DEFAULT_REPOSITORY;
    const environment = this.environment(repository, spec.environment);
    const key = GitHubState.runKey(repository, spec.runId);
    const rules = (environment?.protection_rules ?? []) as Record<string, unknown>[];
    const reviewers = (rules.find((rule) => rule.type === 'required_reviewers')?.reviewers ?? []) as unknown[];
    const list = this.pending.get(key) ?? [];
    list.push({
      environment: environment ? pickPending(environment) : { id: this.nextId++, name: spec.environment },
      wait_timer: spec.waitTimer ?? 0,
      wait_timer_started_at: spec.waitTimer ? new Date().toISOString() : null,
      current_user_can_approve: false,
      reviewers,
    });
    this.pending.set(key, list);
  }

  pendingOf(repository: string, runId: number | string): Record<string, unknown>[] {
    return this.pending.get(GitHubState.runKey(repository, runId)) ?? [];
  }

  /** Adds `login` to team `org/slug` (state active, or pending for an invitation not yet accepted). */
  addTeamMember(org: string, slug: string, login: string, state: 'active' | 'pending' = 'active'): void {
    const key = `${org.toLowerCase()}/${slug.toLowerCase()}`;
    const members = this.teamMembers.get(key) ?? new Map<string, 'active' | 'pending'>();
    members.set(login.toLowerCase(), state);
    this.teamMembers.set(key, members);
  }

  /** GET /orgs/{org}/teams/{slug}/memberships/{username}: the membership, or undefined (404). */
  teamMembership(org: string, slug: string, login: string): Record<string, unknown> | undefined {
    const state = this.teamMembers.get(`${org.toLowerCase()}/${slug.toLowerCase()}`)?.get(login.toLowerCase());
    if (!state) return undefined;
    return { url: `https://api.github.com/organizations/1/team/1/memberships/${login}`, role: 'member', state };
  }

  /** Shorthand: an approval by `login` of run `runId`'s deployment to `environment`. */
  approve(runId: number | string, environment: string, login: string, repository?: string): void {
    this.review({ runId, environment, login, repository });
  }

  reviewsOf(repository: string, runId: number | string): Record<string, unknown>[] {
    return this.reviews.get(GitHubState.runKey(repository, runId)) ?? [];
  }
}

function pickPending(environment: Record<string, unknown>): Record<string, unknown> {
  const { id, node_id, name, url, html_url } = environment;
  return { id, node_id, name, url, html_url };
}

function pick(environment: Record<string, unknown>): Record<string, unknown> {
  const { id, node_id, name, url, html_url, created_at, updated_at } = environment;
  return { id, node_id, name, url, html_url, created_at, updated_at };
}
