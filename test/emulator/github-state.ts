/** GitHub repository environments and workflow-run deployment reviews, as the REST API reports them. */

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
  state?: 'approved' | 'rejected';
  comment?: string;
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
      user: { login: spec.login, id: this.nextId++, type: 'User', site_admin: false },
    });
    this.reviews.set(key, list);
  }

  /** Shorthand: an approval by `login` of run `runId`'s deployment to `environment`. */
  approve(runId: number | string, environment: string, login: string, repository?: string): void {
    this.review({ runId, environment, login, repository });
  }

  reviewsOf(repository: string, runId: number | string): Record<string, unknown>[] {
    return this.reviews.get(GitHubState.runKey(repository, runId)) ?? [];
  }
}

function pick(environment: Record<string, unknown>): Record<string, unknown> {
  const { id, node_id, name, url, html_url, created_at, updated_at } = environment;
  return { id, node_id, name, url, html_url, created_at, updated_at };
}
