import type { getOctokit } from '@actions/github';
import { ActionError } from '@te-actions/action-kit';
import { proxiedFetch } from '@te-actions/azure-auth';
import type { EnvironmentInfo } from './environment-protection.js';
import type { RunApproval, TeamMembership } from './approval.js';

export type GitHubClient = ReturnType<typeof getOctokit>;

const REQUEST_TIMEOUT_MS = 30_000;

/**
 * An Octokit for the GitHub REST API at GITHUB_API_URL (GitHub Enterprise Server sets it to
 * https://HOST/api/v3), else api.github.com. Octokit is loaded here, on first use, so actions that
 * import this package without calling GitHub do not pay for it at start.
 */
export async function createGitHubClient(token: string, env: NodeJS.ProcessEnv = process.env): Promise<GitHubClient> {
  const baseUrl = (env.GITHUB_API_URL || 'https://api.github.com').replace(/\/+$/, '');
  const { getOctokit } = await import('@actions/github');
  // proxiedFetch: HTTPS_PROXY / NO_PROXY apply to the GitHub API as to every Azure request.
  return getOctokit(token, { baseUrl, request: { fetch: proxiedFetch } });
}

export interface RepositoryRef {
  owner: string;
  repo: string;
}

function statusOf(error: unknown): number | undefined {
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status === 'number' ? status : undefined;
}

interface OctokitFailure {
  name?: string;
  message?: string;
  response?: { status?: number; headers?: Record<string, string | undefined> };
  cause?: { name?: string; message?: string; code?: string; cause?: { code?: string; message?: string } };
}

/**
 * No answer at all: @octokit/request turns a fetch that threw (refused, reset, DNS, proxy, timeout)
 * into a RequestError with status 500 and no `response` (dist-src/fetch-wrapper.js), which must not
 * be reported as the server's HTTP 500.
 */
function networkFailure(error: unknown): string | undefined {
  const failure = (error ?? {}) as OctokitFailure;
  if (failure.response) return undefined;
  if (failure.name === 'HttpError' || failure.name === 'AbortError' || failure.name === 'TimeoutError' || failure.cause) {
    const text = (value: unknown) => (typeof value === 'string' && value ? value : undefined);
    // DOMException's numeric `code` (23 for a timeout) says nothing: its name does.
    const timedOut = failure.cause?.name === 'TimeoutError' || failure.name === 'TimeoutError';
    const cause = timedOut ? 'no answer in time' : (text(failure.cause?.cause?.code) ?? text(failure.cause?.code) ?? text(failure.cause?.cause?.message) ?? text(failure.cause?.message) ?? text(failure.message) ?? 'no answer');
    return cause.split('\n')[0]!.slice(0, 200);
  }
  return undefined;
}

/** An API failure as an actionable message; the token is never part of it. */
function apiError(what: string, error: unknown, hint = ''): ActionError {
  const noAnswer = networkFailure(error);
  if (noAnswer !== undefined) {
    return new ActionError(
      `GitHub API: could not ${what}: no answer from the API (${noAnswer}). Check the runner's network access to GITHUB_API_URL (and HTTPS_PROXY / NO_PROXY on a self-hosted runner), then re-run.`,
      { cause: error },
    );
  }
  const status = statusOf(error);
  const message = error instanceof Error ? error.message.split('\n')[0]!.slice(0, 300) : String(error);
  const where = status ? `HTTP ${status}` : 'request failed';
  const requestId = (error as OctokitFailure | null)?.response?.headers?.['x-github-request-id'];
  const traced = requestId && /^[A-Za-z0-9:._-]{1,100}$/.test(requestId) ? `, x-github-request-id: ${requestId}` : '';
  return new ActionError(`GitHub API: could not ${what} (${where}: ${message}${traced}).${hint}`, { cause: error });
}

const permissionHint = (permission: string) => ` Check that the token can read this repository (permissions: ${permission}).`;

function requestSignal(signal?: AbortSignal): AbortSignal {
  const timeout = AbortSignal.timeout(REQUEST_TIMEOUT_MS);
  return signal ? AbortSignal.any([signal, timeout]) : timeout;
}

/** GET /repos/{owner}/{repo}/environments/{environment_name}; undefined when the environment does not exist (404). */
export async function getEnvironment(client: GitHubClient, repo: RepositoryRef, environment: string, signal?: AbortSignal): Promise<EnvironmentInfo | undefined> {
  try {
    const response = await client.request('GET /repos/{owner}/{repo}/environments/{environment_name}', {
      owner: repo.owner,
      repo: repo.repo,
      environment_name: environment,
      request: { signal: requestSignal(signal) },
    });
    const data = response.data as unknown as EnvironmentInfo;
    if (!data || typeof data !== 'object' || typeof data.name !== 'string') throw new Error('the response is not an environment');
    return data;
  } catch (error) {
    if (statusOf(error) === 404) return undefined;
    throw apiError(`read environment ${environment}`, error, permissionHint('actions: read'));
  }
}

/** A list the API keeps per workflow run (approvals, pending deployments): read, checked to be a list. */
async function readRunList<T>(
  client: GitHubClient,
  repo: RepositoryRef,
  runId: number,
  route: 'GET /repos/{owner}/{repo}/actions/runs/{run_id}/approvals' | 'GET /repos/{owner}/{repo}/actions/runs/{run_id}/pending_deployments',
  what: string,
  signal?: AbortSignal,
): Promise<T[]> {
  try {
    const response = await client.request(route, { owner: repo.owner, repo: repo.repo, run_id: runId, request: { signal: requestSignal(signal) } });
    const data = response.data as unknown;
    if (!Array.isArray(data)) throw new Error(`the response is not a list of ${what}`);
    return data as T[];
  } catch (error) {
    throw apiError(`read the ${what} of run ${runId}`, error, permissionHint('actions: read'));
  }
}

/** GET /repos/{owner}/{repo}/actions/runs/{run_id}/approvals: every review of this run's deployments. */
export async function getRunApprovals(client: GitHubClient, repo: RepositoryRef, runId: number, signal?: AbortSignal): Promise<RunApproval[]> {
  return readRunList<RunApproval>(client, repo, runId, 'GET /repos/{owner}/{repo}/actions/runs/{run_id}/approvals', 'approvals', signal);
}

/** One entry of GET /repos/{owner}/{repo}/actions/runs/{run_id}/pending_deployments (OpenAPI schema "pending-deployment"). */
export interface PendingDeployment {
  environment?: { id?: number; name?: string };
  wait_timer?: number;
  current_user_can_approve?: boolean;
}

/** GET /repos/{owner}/{repo}/actions/runs/{run_id}/pending_deployments: the run's deployments still waiting for their protection rules. */
export async function getPendingDeployments(client: GitHubClient, repo: RepositoryRef, runId: number, signal?: AbortSignal): Promise<PendingDeployment[]> {
  return readRunList<PendingDeployment>(client, repo, runId, 'GET /repos/{owner}/{repo}/actions/runs/{run_id}/pending_deployments', 'pending deployments', signal);
}

/**
 * GET /orgs/{org}/teams/{team_slug}/memberships/{username}. Only an active membership confirms; a pending
 * invitation, a 404 (not a member, or a token that cannot see the team) or any error does not.
 */
export async function getTeamMembership(client: GitHubClient, org: string, team: string, login: string, signal?: AbortSignal): Promise<TeamMembership> {
  try {
    const response = await client.request('GET /orgs/{org}/teams/{team_slug}/memberships/{username}', {
      org,
      team_slug: team,
      username: login,
      request: { signal: requestSignal(signal) },
    });
    const state = (response.data as { state?: unknown } | null)?.state;
    if (state === 'active') return { member: true };
    return { member: false, reason: `membership state is ${JSON.stringify(state ?? null)}, not active` };
  } catch (error) {
    signal?.throwIfAborted();
    const status = statusOf(error);
    if (status === 404) return { member: false, reason: 'not a member, or the token cannot read the team (HTTP 404)' };
    return { member: false, reason: `${apiError(`confirm membership of ${login} in team ${org}/${team}`, error).message} A token with organization members: read can confirm it` };
  }
}
