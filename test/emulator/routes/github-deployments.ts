import type { IncomingMessage } from 'node:http';
import { DEPLOYMENT_STATES, type DeploymentState, type GitHubDeploymentsState } from '../github-deployments-state.ts';
import { json, type Reply, type Route } from '../http-kit.ts';

const NAME = '[A-Za-z0-9_.-]+';
const DOCS = 'https://docs.github.com/rest/deployments/deployments';
const STATUS_DOCS = 'https://docs.github.com/rest/deployments/statuses';

function githubError(status: number, message: string, documentation = DOCS, errors?: unknown[]): Reply {
  return json(status, { message, ...(errors ? { errors } : {}), documentation_url: documentation, status: String(status) });
}

function checkToken(req: IncomingMessage, state: GitHubDeploymentsState): Reply | undefined {
  const header = req.headers.authorization;
  if (!header) return githubError(401, 'Requires authentication');
  const token = /^(?:token|bearer) (.+)$/i.exec(header)?.[1];
  if (token !== state.workflowToken) return githubError(401, 'Bad credentials');
  return undefined;
}

/**
 * GitHub REST deployments: create a deployment, get one, add a status, list deployments (filtered by
 * environment, sha, ref, task) and list a deployment's statuses, answering with the status codes,
 * validation errors (422 with an errors array) and bodies GitHub's REST reference documents.
 */
export function githubDeploymentRoutes(state: GitHubDeploymentsState): Route[] {
  const repo = (params: Record<string, string>) => `${params.owner}/${params.repo}`;
  const page = (url: URL, items: unknown[]) => {
    const perPage = Math.min(100, Math.max(1, Number(url.searchParams.get('per_page') ?? 30) || 30));
    const number = Math.max(1, Number(url.searchParams.get('page') ?? 1) || 1);
    return items.slice((number - 1) * perPage, number * perPage);
  };
  return [
    {
      id: 'github.deployments.create',
      method: 'POST',
      path: new RegExp(`^/repos/(?<owner>${NAME})/(?<repo>${NAME})/deployments$`),
      auth: 'custom',
      handler: ({ req, params, json: body }) => {
        const denied = checkToken(req, state);
        if (denied) return denied;
        const input = body as Record<string, any> | undefined;
        if (!input || typeof input.ref !== 'string' || input.ref === '') {
          return githubError(422, 'Invalid request.\n\n"ref" wasn\'t supplied.', DOCS);
        }
        if (input.environment !== undefined && typeof input.environment !== 'string') return githubError(422, 'Invalid request.\n\nFor \'properties/environment\', it is not a string.');
        return json(201, state.create(repo(params), input as never));
      },
    },
    {
      id: 'github.deployments.list',
      method: 'GET',
      path: new RegExp(`^/repos/(?<owner>${NAME})/(?<repo>${NAME})/deployments$`),
      auth: 'custom',
      handler: ({ req, params, url }) => {
        const denied = checkToken(req, state);
        if (denied) return denied;
        const filter = Object.fromEntries(['sha', 'ref', 'task', 'environment'].map((key) => [key, url.searchParams.get(key) ?? undefined]));
        return json(200, page(url, state.list(repo(params), filter)));
      },
    },
    {
      id: 'github.deployments.get',
      method: 'GET',
      path: new RegExp(`^/repos/(?<owner>${NAME})/(?<repo>${NAME})/deployments/(?<id>[0-9]+)$`),
      auth: 'custom',
      handler: ({ req, params }) => {
        const denied = checkToken(req, state);
        if (denied) return denied;
        const record = state.find(repo(params), Number(params.id));
        return record ? json(200, record.body) : githubError(404, 'Not Found');
      },
    },
    {
      id: 'github.deployments.status.create',
      method: 'POST',
      path: new RegExp(`^/repos/(?<owner>${NAME})/(?<repo>${NAME})/deployments/(?<id>[0-9]+)/statuses$`),
      auth: 'custom',
      handler: ({ req, params, json: body }) => {
        const denied = checkToken(req, state);
        if (denied) return denied;
        const record = state.find(repo(params), Number(params.id));
        if (!record) return githubError(404, 'Not Found', STATUS_DOCS);
        const input = body as Record<string, any> | undefined;
        if (!input || !DEPLOYMENT_STATES.includes(input.state)) {
          return githubError(422, 'Validation Failed', STATUS_DOCS, [{ resource: 'DeploymentStatus', code: 'custom', field: 'state', message: `state is not included in the list` }]);
        }
        return json(201, state.addStatus(record, { ...input, state: input.state as DeploymentState }));
      },
    },
    {
      id: 'github.deployments.status.list',
      method: 'GET',
      path: new RegExp(`^/repos/(?<owner>${NAME})/(?<repo>${NAME})/deployments/(?<id>[0-9]+)/statuses$`),
      auth: 'custom',
      handler: ({ req, params, url }) => {
        const denied = checkToken(req, state);
        if (denied) return denied;
        const record = state.find(repo(params), Number(params.id));
        return record ? json(200, page(url, record.statuses)) : githubError(404, 'Not Found', STATUS_DOCS);
      },
    },
  ];
}
