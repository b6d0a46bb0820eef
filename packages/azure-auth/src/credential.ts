import type { AccessToken, GetTokenOptions, TokenCredential } from '@azure/core-auth';
import type { CloudEndpoints } from './clouds.js';
import { GitHubFederatedCredential } from './federated-credential.js';
import { assertIdTokenAvailable } from './github-id-token.js';

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
 * The ambient credential: environment variables (service principal secret or certificate, or
 * AZURE_FEDERATED_TOKEN_FILE), then the Azure CLI session left by azure/login. @azure/identity is
 * loaded only when this path is used.
 */
class AmbientCredential implements TokenCredential {
  private inner: Promise<TokenCredential> | undefined;

  constructor(private readonly options: CredentialOptions & { tenantId?: string }) {}

  async getToken(scopes: string | string[], options?: GetTokenOptions): Promise<AccessToken | null> {
    this.inner ??= import('@azure/identity').then(({ AzureCliCredential, ChainedTokenCredential, EnvironmentCredential, WorkloadIdentityCredential }) => {
      const authority = { authorityHost: this.options.cloud.authorityHost, disableInstanceDiscovery: this.options.cloud.customized };
      const chain: TokenCredential[] = [new EnvironmentCredential(authority)];
      if (process.env.AZURE_FEDERATED_TOKEN_FILE) chain.push(new WorkloadIdentityCredential(authority));
      chain.push(new AzureCliCredential({ tenantId: this.options.tenantId }));
      return new ChainedTokenCredential(...chain);
    });
    return (await this.inner).getToken(scopes, options);
  }
}

/**
 * DESIGN §3: OIDC federation when client-id and tenant-id are known (inputs, else AZURE_CLIENT_ID and
 * AZURE_TENANT_ID without a client secret or certificate), otherwise the ambient credential.
 */
export function createCredential(options: CredentialOptions): ResolvedCredential {
  const fromInputs = Boolean(options.clientId && options.tenantId);
  const clientId = options.clientId ?? process.env.AZURE_CLIENT_ID;
  const tenantId = options.tenantId ?? process.env.AZURE_TENANT_ID;
  const envHasSecret = Boolean(process.env.AZURE_CLIENT_SECRET || process.env.AZURE_CLIENT_CERTIFICATE_PATH || process.env.AZURE_FEDERATED_TOKEN_FILE);
  if (clientId && tenantId && (fromInputs || !envHasSecret)) {
    assertIdTokenAvailable();
    return {
      credential: new GitHubFederatedCredential(tenantId, clientId, options.cloud.authorityHost),
      method: 'oidc',
      description: `OIDC federation as client ${clientId} in tenant ${tenantId}`,
    };
  }
  return {
    credential: new AmbientCredential({ ...options, tenantId }),
    method: 'ambient',
    description: 'the ambient Azure credential (environment variables, else the Azure CLI session from azure/login)',
  };
}
