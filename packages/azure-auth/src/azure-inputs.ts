import { azureName, boolean, choice, InputError, matching, optionalAzureName, rawInput } from '@te-actions/action-kit';
import { CLOUD_NAMES, resolveCloud, type CloudEndpoints, type CloudName } from './clouds.js';
import { AUTH_TYPES, type AuthType } from './credential.js';
import { AZURE_FEDERATION_AUDIENCE } from './github-id-token.js';

/**
 * The sign-in inputs every Azure action shares, read and checked before any request.
 *
 * The API other packages and actions build on (keep it stable):
 *   const azure = readAzureInputs();                       // throws InputError / ActionError on bad input
 *   const connection = connectToAzure({ ...azure, signal }); // clients sharing one credential
 * New sign-in inputs are added here as optional fields, so callers that spread `azure` into
 * connectToAzure pick them up without change.
 */
export interface CommonAzureInputs {
  subscriptionId: string;
  clientId?: string;
  tenantId?: string;
  cloud: CloudName;
  /** allow-custom-endpoints: honour AZURE_AUTHORITY_HOST / AZURE_RESOURCE_MANAGER_ENDPOINT / AZURE_LOG_ANALYTICS_ENDPOINT. */
  allowCustomEndpoints?: boolean;
  /** The cloud's endpoints, resolved (and any refused override reported) while reading the inputs. */
  endpoints?: CloudEndpoints;
  /** audience: the audience of the GitHub ID token requested for OIDC federation. */
  audience?: string;
  /** auth-type: how to sign in (auto, oidc, managed-identity, azure-cli, environment). */
  authType?: AuthType;
}

const AUDIENCE = /^[\x21-\x7e]{1,256}$/;

/**
 * Reads subscription-id, client-id, tenant-id, environment, allow-custom-endpoints, audience and
 * auth-type. Fails before any request when client-id comes without tenant-id (or the reverse), when
 * auth-type oidc has neither, or when an endpoint override is set without allow-custom-endpoints.
 */
export function readAzureInputs(env: NodeJS.ProcessEnv = process.env): CommonAzureInputs {
  const subscriptionId = azureName('subscription-id', 'subscriptionId');
  const clientId = optionalAzureName('client-id', 'clientId');
  const tenantId = optionalAzureName('tenant-id', 'tenantId');
  const cloud = choice('environment', CLOUD_NAMES, 'AzureCloud');
  const allowCustomEndpoints = boolean('allow-custom-endpoints', false);
  const audience = rawInput('audience') === '' ? AZURE_FEDERATION_AUDIENCE : matching('audience', AUDIENCE, 'an audience such as api://AzureADTokenExchange (one word of printable characters, at most 256)');
  const authType = choice('auth-type', AUTH_TYPES, 'auto');

  if (authType === 'auto' || authType === 'oidc') {
    // One of the pair given as an input and the other known nowhere: without this, the step would
    // quietly fall back to the ambient credential and fail later with an unrelated message.
    if (clientId && !tenantId && !env.AZURE_TENANT_ID?.trim()) {
      throw new InputError('tenant-id', 'is empty while client-id is set', 'the Entra tenant ID (a GUID) with client-id: OIDC sign-in needs both (or set AZURE_TENANT_ID)');
    }
    if (tenantId && !clientId && !env.AZURE_CLIENT_ID?.trim()) {
      throw new InputError('client-id', 'is empty while tenant-id is set', 'the application (client) ID (a GUID) with tenant-id: OIDC sign-in needs both (or set AZURE_CLIENT_ID)');
    }
    if (authType === 'oidc' && !(clientId ?? env.AZURE_CLIENT_ID?.trim()) && !(tenantId ?? env.AZURE_TENANT_ID?.trim())) {
      throw new InputError('auth-type', 'is oidc while client-id and tenant-id are empty', 'client-id and tenant-id of the app registration with a federated credential for this job (or AZURE_CLIENT_ID and AZURE_TENANT_ID), or auth-type auto');
    }
  }
  const endpoints = resolveCloud(cloud, { allowCustomEndpoints, env });
  return { subscriptionId, clientId, tenantId, cloud, allowCustomEndpoints, endpoints, audience, authType };
}
