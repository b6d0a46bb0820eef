import * as core from '@actions/core';
import { resolveCloud, scopeFor, type CloudEndpoints, type CloudName } from './clouds.js';
import { createCredential, type AuthType, type ResolvedCredential } from './credential.js';
import { RestClient } from './rest-client.js';

/** What connectToAzure needs: readAzureInputs()'s answer (spread) plus the step's signal. */
export interface AzureInputs {
  clientId?: string;
  tenantId?: string;
  cloud: CloudName;
  /** Endpoints resolved by readAzureInputs; resolved here (with allowCustomEndpoints) when absent. */
  endpoints?: CloudEndpoints;
  allowCustomEndpoints?: boolean;
  audience?: string;
  authType?: AuthType;
  signal?: AbortSignal;
}

export interface AzureConnection {
  cloud: CloudEndpoints;
  credential: ResolvedCredential;
  /** Azure Resource Manager client. */
  arm: RestClient;
  /** A client for another Azure resource (e.g. Log Analytics), sharing the credential. */
  clientFor(resource: string): RestClient;
  /**
   * An ARM client the step's cancellation does not abort, for work that must still happen once the
   * workflow is cancelled: learning what a start created, stopping or cancelling it. With `withinMs`
   * it retries briefly and gives up by then, so clean-up ends before the runner's SIGTERM (about
   * 7.5 s after SIGINT).
   */
  detachedArm(withinMs?: number): RestClient;
}

/** Signs in as DESIGN §3 describes and returns clients that share one credential. */
export function connectToAzure(inputs: AzureInputs): AzureConnection {
  const cloud = inputs.endpoints ?? resolveCloud(inputs.cloud, { allowCustomEndpoints: inputs.allowCustomEndpoints });
  const credential = createCredential({ clientId: inputs.clientId, tenantId: inputs.tenantId, cloud, audience: inputs.audience, authType: inputs.authType });
  if (cloud.customized) {
    core.info(`Custom endpoints (allow-custom-endpoints): authority ${cloud.authorityHost}, Resource Manager ${cloud.resourceManager}, Log Analytics ${cloud.logAnalytics}.`);
  }
  core.info(`Signing in to ${cloud.name} with ${credential.description}.`);
  const clientFor = (resource: string) =>
    new RestClient({ baseUrl: resource, credential: credential.credential, scope: scopeFor(resource), signal: inputs.signal, userAgent: 'te-actions/1' });
  const detachedArm = (withinMs?: number) =>
    new RestClient({
      baseUrl: cloud.resourceManager,
      credential: credential.credential,
      scope: scopeFor(cloud.resourceManager),
      userAgent: 'te-actions/1',
      ...(withinMs === undefined
        ? {}
        : {
            signal: AbortSignal.timeout(withinMs),
            deadline: Date.now() + withinMs,
            retry: { maxRetries: 4, initialDelayMs: 250, maxDelayMs: 1000, maxRetryAfterMs: 1000, attemptTimeoutMs: Math.min(4000, withinMs) },
          }),
    });
  return { cloud, credential, arm: clientFor(cloud.resourceManager), clientFor, detachedArm };
}
