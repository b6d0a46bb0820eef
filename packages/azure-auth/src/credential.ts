import type { TokenCredential } from '@azure/core-auth';
import { AzureCliCredential, ChainedTokenCredential, ClientAssertionCredential, EnvironmentCredential } from '@azure/identity';
import type { CloudEndpoints } from './clouds.js';
import { assertIdTokenAvailable, fetchGitHubIdToken } from './github-id-token.js';

export interface CredentialOptions {
  clientId?: string;
  tenantId?: string;
  cloud: CloudEndpoints;
}

export interface ResolvedCredential {
  credential: TokenCredential;
  /** How the step signs in, for the log. */
  method: 'oidc' | 'ambient';
  description: string;
}

/**
 * DESIGN §3: OIDC federation when client-id and tenant-id are known (inputs, else AZURE_CLIENT_ID and
 * AZURE_TENANT_ID), otherwise the ambient credential: environment variables, then the Azure CLI
 * session that azure/login leaves behind.
 */
export function createCredential(options: CredentialOptions): ResolvedCredential {
  const fromInputs = Boolean(options.clientId && options.tenantId);
  const clientId = options.clientId ?? process.env.AZURE_CLIENT_ID;
  const tenantId = options.tenantId ?? process.env.AZURE_TENANT_ID;
  const envHasSecret = Boolean(process.env.AZURE_CLIENT_SECRET || process.env.AZURE_CLIENT_CERTIFICATE_PATH);
  const authority = {
    authorityHost: options.cloud.authorityHost,
    disableInstanceDiscovery: options.cloud.customized,
  };
  if (clientId && tenantId && (fromInputs || !envHasSecret)) {
    assertIdTokenAvailable();
    return {
      credential: new ClientAssertionCredential(tenantId, clientId, () => fetchGitHubIdToken(), authority),
      method: 'oidc',
      description: `OIDC federation as client ${clientId} in tenant ${tenantId}`,
    };
  }
  return {
    credential: new ChainedTokenCredential(new EnvironmentCredential(authority), new AzureCliCredential({ tenantId })),
    method: 'ambient',
    description: 'the ambient Azure credential (environment variables, else the Azure CLI session from azure/login)',
  };
}
