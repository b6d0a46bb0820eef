import * as core from '@actions/core';
import { resolveCloud, scopeFor, type CloudEndpoints, type CloudName } from './clouds.js';
import { createCredential, type ResolvedCredential } from './credential.js';
import { RestClient } from './rest-client.js';

export interface AzureInputs {
  clientId?: string;
  tenantId?: string;
  cloud: CloudName;
  signal?: AbortSignal;
}

export interface AzureConnection {
  cloud: CloudEndpoints;
  credential: ResolvedCredential;
  /** Azure Resource Manager client. */
  arm: RestClient;
  /** A client for another Azure resource (e.g. Log Analytics), sharing the credential. */
  clientFor(resource: string): RestClient;
}

/** Signs in as DESIGN §3 describes and returns clients that share one credential. */
export function connectToAzure(inputs: AzureInputs): AzureConnection {
  const cloud = resolveCloud(inputs.cloud);
  const credential = createCredential({ clientId: inputs.clientId, tenantId: inputs.tenantId, cloud });
  core.info(`Signing in to ${cloud.name} with ${credential.description}.`);
  const clientFor = (resource: string) =>
    new RestClient({ baseUrl: resource, credential: credential.credential, scope: scopeFor(resource), signal: inputs.signal, userAgent: 'te-actions/1' });
  return { cloud, credential, arm: clientFor(cloud.resourceManager), clientFor };
}
