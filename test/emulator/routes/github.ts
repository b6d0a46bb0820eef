import type { IncomingMessage } from 'node:http';
import type { GitHubState } from '../github-state.ts';
import { json, type Reply, type Route } from '../http-kit.ts';

const DOCS = 'https://docs.github.com/rest';
const NAME = '[A-Za-z0-9_.-]+';

function githubError(status: number, message: string): Reply {
  return json(status, { message, documentation_url: DOCS, status: String(status) });
}

/** GitHub accepts `Authorization: token <t>` and `Bearer <t>`; only the workflow token is valid here. */
function checkToken(req: IncomingMessage, state: GitHubState): Reply | undefined {
  const header = req.headers.authorization;
  if (!header) return githubError(401, 'Requires authentication');
  const token = /^(?:token|bearer) (.+)$/i.exec(header)?.[1];
  if (token !== state.workflowToken) return githubError(401, 'Bad credentials');
  return undefined;
}

/**
 * GitHub REST: repository environments, workflow-run deployment approvals and pending deployments, and
 * team memberships. Shapes: see github-state.ts (GitHub's OpenAPI description).
 */
export function githubRoutes(state: GitHubState): Route[] {
  return [
    {
      id: 'github.environment',
      method: 'GET',
      path: new RegExp(`^/repos/(?<owner>${NAME})/(?<repo>${NAME})/environments/(?<name>[^/]+)$`),
      auth: 'custom',
      handler: ({ req, params }) => {
        const denied = checkToken(req, state);
        if (denied) return denied;
        const environment = state.environment(`${params.owner}/${params.repo}`, params.name!);
        return environment ? json(200, environment) : githubError(404, 'Not Found');
      },
    },
    {
      id: 'github.approvals',
      method: 'GET',
      path: new RegExp(`^/repos/(?<owner>${NAME})/(?<repo>${NAME})/actions/runs/(?<runId>[0-9]+)/approvals$`),
      auth: 'custom',
      handler: ({ req, params }) => {
        const denied = checkToken(req, state);
        if (denied) return denied;
        return json(200, state.reviewsOf(`${params.owner}/${params.repo}`, params.runId!));
      },
    },
    {
      id: 'github.pendingDeployments',
      method: 'GET',
      path: new RegExp(`^/repos/(?<owner>${NAME})/(?<repo>${NAME})/actions/runs/(?<runId>[0-9]+)/pending_deployments$`),
      auth: 'custom',
      handler: ({ req, params }) => {
        const denied = checkToken(req, state);
        if (denied) return denied;
        return json(200, state.pendingOf(`${params.owner}/${params.repo}`, params.runId!));
      },
    },
    {
      id: 'github.teamMembership',
      method: 'GET',
      path: new RegExp(`^/orgs/(?<org>${NAME})/teams/(?<slug>${NAME})/memberships/(?<username>${NAME})$`),
      auth: 'custom',
      handler: ({ req, params }) => {
        const denied = checkToken(req, state);
        if (denied) return denied;
        const membership = state.teamMembership(params.org!, params.slug!, params.username!);
        return membership ? json(200, membership) : githubError(404, 'Not Found');
      },
    },
  ];
}
