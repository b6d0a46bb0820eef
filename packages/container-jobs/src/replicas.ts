import * as core from '@actions/core';
import type { RestClient } from '@te-actions/azure-auth';
import { executionPath } from './execution-path.js';
import type { ExecutionRef } from './execution-types.js';
import { jobPath } from './job-path.js';
import { parseAzureTime } from '@te-actions/poll';
import type { JobRef } from './job-types.js';

/**
 * The api-version of the replica list and the log stream token. Neither operation is in the
 * 2025-07-01 stable spec; their only real client, azure-cli-extensions
 * src/containerapp/azext_containerapp/_clients.py (ContainerAppsJobPreviewClient.get_replicas and
 * get_auth_token, LOG_STREAM_API_VERSION), sends 2023-11-02-preview, so this does too.
 */
export const LOG_STREAM_API_VERSION = '2023-11-02-preview';

export interface ReplicaContainer {
  replicaName: string;
  containerName: string;
  /** The container's live log stream (read with the job's auth token, not the ARM token). */
  logStreamEndpoint: string;
}

interface ReplicaList {
  value?: { name: string; properties?: { containers?: { name: string; logStreamEndpoint?: string }[] } }[];
}

/** The execution's replicas and, for each container, its log stream endpoint. */
export async function listReplicaContainers(arm: RestClient, ref: ExecutionRef): Promise<ReplicaContainer[]> {
  const response = await arm.request<ReplicaList>({
    method: 'GET',
    path: `${executionPath(ref)}/replicas`,
    query: { 'api-version': LOG_STREAM_API_VERSION },
    what: `Listing the replicas of execution ${ref.executionName}`,
    allow: [404],
  });
  if (response.status === 404) return [];
  const result: ReplicaContainer[] = [];
  for (const replica of response.body?.value ?? []) {
    for (const container of replica.properties?.containers ?? []) {
      if (container.logStreamEndpoint) result.push({ replicaName: replica.name, containerName: container.name, logStreamEndpoint: container.logStreamEndpoint });
    }
  }
  return result;
}

export interface JobAuthToken {
  token: string;
  /** ms since the epoch, when known. */
  expiresAt?: number;
}

/** A short-lived token for the job's log stream (POST .../jobs/{job}/getAuthToken). */
export async function getJobAuthToken(arm: RestClient, ref: JobRef): Promise<JobAuthToken> {
  const response = await arm.request<{ properties?: { token?: string; expires?: string } }>({
    method: 'POST',
    path: `${jobPath(ref)}/getAuthToken`,
    query: { 'api-version': LOG_STREAM_API_VERSION },
    what: `Requesting a log stream token for job ${ref.jobName}`,
    idempotent: true,
  });
  const token = response.body?.properties?.token;
  if (!token) throw new Error(`The service returned no log stream token for job ${ref.jobName}.`);
  core.setSecret(token);
  const expires = parseAzureTime(response.body?.properties?.expires);
  return { token, expiresAt: Number.isNaN(expires) ? undefined : expires };
}
