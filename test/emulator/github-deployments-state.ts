/**
 * GitHub deployments and deployment statuses, shaped as GitHub's REST reference documents them
 * ("REST API endpoints for deployments" and "…for deployment statuses", api version 2022-11-28).
 */
import { EMULATED_WORKFLOW_TOKEN } from './github-state.ts';

export const DEPLOYMENT_STATES = ['error', 'failure', 'inactive', 'in_progress', 'queued', 'pending', 'success'] as const;
export type DeploymentState = (typeof DEPLOYMENT_STATES)[number];

export interface DeploymentRecord {
  repository: string;
  body: Record<string, any>;
  statuses: Record<string, any>[];
}

const API = 'https://api.github.com';
/** The workflow token acts as the GitHub Actions app ("github-actions[bot]"), as on github.com. */
const ACTIONS_BOT = { login: 'github-actions[bot]', id: 41898282, node_id: 'MDM6Qm90NDE4OTgyODI=', type: 'Bot', site_admin: false };

export class GitHubDeploymentsState {
  workflowToken = EMULATED_WORKFLOW_TOKEN;
  private nextId = 500_000;
  private readonly deployments: DeploymentRecord[] = [];

  create(repository: string, input: { ref: string; sha?: string; task?: string; payload?: unknown; environment?: string; description?: string | null; transient_environment?: boolean; production_environment?: boolean }): Record<string, any> {
    const id = this.nextId++;
    const now = new Date().toISOString();
    const environment = input.environment ?? 'production';
    const url = `${API}/repos/${repository}/deployments/${id}`;
    const body = {
      url,
      id,
      node_id: `DE_kwDO${id}`,
      sha: input.sha ?? (/^[0-9a-f]{40}$/.test(input.ref) ? input.ref : '4f1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c'),
      ref: input.ref,
      task: input.task ?? 'deploy',
      payload: typeof input.payload === 'string' ? safeParse(input.payload) : (input.payload ?? {}),
      original_environment: environment,
      environment,
      description: input.description ?? null,
      creator: ACTIONS_BOT,
      created_at: now,
      updated_at: now,
      statuses_url: `${url}/statuses`,
      repository_url: `${API}/repos/${repository}`,
      transient_environment: input.transient_environment ?? false,
      production_environment: input.production_environment ?? environment === 'production',
    };
    this.deployments.push({ repository: repository.toLowerCase(), body, statuses: [] });
    return body;
  }

  find(repository: string, id: number): DeploymentRecord | undefined {
    return this.deployments.find((record) => record.repository === repository.toLowerCase() && record.body.id === id);
  }

  /** Newest first, filtered as the list endpoint's sha, ref, task and environment parameters do. */
  list(repository: string, filter: { sha?: string; ref?: string; task?: string; environment?: string }): Record<string, any>[] {
    return this.deployments
      .filter((record) => record.repository === repository.toLowerCase())
      .map((record) => record.body)
      .filter((body) => (!filter.sha || body.sha === filter.sha) && (!filter.ref || body.ref === filter.ref) && (!filter.task || body.task === filter.task) && (!filter.environment || body.environment === filter.environment))
      .reverse();
  }

  addStatus(record: DeploymentRecord, input: { state: DeploymentState; target_url?: string; log_url?: string; description?: string; environment?: string; environment_url?: string; auto_inactive?: boolean }): Record<string, any> {
    const status = this.statusBody(record, input.state, input);
    record.statuses.unshift(status);
    if (input.environment) record.body.environment = input.environment;
    record.body.updated_at = status.created_at;
    // auto_inactive (default true): prior non-transient, non-production deployments to the same
    // environment that had a success status get an inactive one.
    if (input.state === 'success' && input.auto_inactive !== false) {
      for (const other of this.deployments) {
        if (other === record || other.repository !== record.repository || other.body.environment !== record.body.environment) continue;
        if (other.body.transient_environment || other.body.production_environment) continue;
        if (other.statuses[0]?.state === 'success') other.statuses.unshift(this.statusBody(other, 'inactive', {}));
      }
    }
    return status;
  }

  private statusBody(record: DeploymentRecord, state: DeploymentState, input: { target_url?: string; log_url?: string; description?: string; environment_url?: string }): Record<string, any> {
    const id = this.nextId++;
    const now = new Date().toISOString();
    return {
      url: `${record.body.url}/statuses/${id}`,
      id,
      node_id: `DES_kwDO${id}`,
      state,
      creator: ACTIONS_BOT,
      description: input.description ?? '',
      environment: record.body.environment,
      target_url: input.log_url ?? input.target_url ?? '',
      log_url: input.log_url ?? input.target_url ?? '',
      environment_url: input.environment_url ?? '',
      created_at: now,
      updated_at: now,
      deployment_url: record.body.url,
      repository_url: record.body.repository_url,
    };
  }
}

function safeParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
