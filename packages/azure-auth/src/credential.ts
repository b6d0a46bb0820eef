import type { AccessToken, GetTokenOptions, TokenCredential } from '@azure/core-auth';
import type { CloudEndpoints } from './clouds.js';
import { GitHubFederatedCredential } from './federated-credential.js';
import { assertIdTokenAvailable, AZURE_FEDERATION_AUDIENCE } from './github-id-token.js';

/**
 * The auth-type input:
 * - auto: OIDC federation when client-id and tenant-id are known, else the ambient chain below;
 * - oidc: OIDC federation only (a missing client-id / tenant-id is an input error);
 * - managed-identity: the managed identity of the Azure host the runner runs on (client-id picks a
 *   user-assigned identity);
 * - azure-cli: the Azure CLI session (e.g. from azure/login);
 * - environment: AZURE_CLIENT_SECRET / AZURE_CLIENT_CERTIFICATE_PATH / AZURE_FEDERATED_TOKEN_FILE.
 */
export const AUTH_TYPES = ['auto', 'oidc', 'managed-identity', 'azure-cli', 'environment'] as const;
export type AuthType = (typeof AUTH_TYPES)[number];

export interface CredentialOptions {
  clientId?: string;
  tenantId?: string;
  cloud: CloudEndpoints;
  /** Audience of the GitHub ID token for OIDC federation; default api://AzureADTokenExchange. */
  audience?: string;
  authType?: AuthType;
}

export interface ResolvedCredential {
  credential: TokenCredential;
  /** How the step signs in, for the log. */
  method: 'oidc' | 'ambient' | 'managed-identity' | 'azure-cli' | 'environment';
  description: string;
}

type Identity = typeof import('@azure/identity');

/**
 * A credential of @azure/identity, which is loaded only when such a credential is first asked for a
 * token (it costs more than an action's whole start budget). Its requests go through the Azure SDK's
 * pipeline, which honours HTTPS_PROXY / NO_PROXY itself.
 */
class LazyIdentityCredential implements TokenCredential {
  private inner: Promise<TokenCredential> | undefined;

  constructor(private readonly build: (identity: Identity) => TokenCredential) {}

  async getToken(scopes: string | string[], options?: GetTokenOptions): Promise<AccessToken | null> {
    this.inner ??= import('@azure/identity').then(this.build);
    return (await this.inner).getToken(scopes, options);
  }
}

/**
 * Instance discovery is turned off only when the authority host itself is overridden (Azure Stack
 * or an emulator, with allow-custom-endpoints); an ARM or Log Analytics override leaves it on.
 */
function authorityOptions(cloud: CloudEndpoints) {
  return { authorityHost: cloud.authorityHost, disableInstanceDiscovery: cloud.authorityCustomized };
}

function environmentChain(identity: Identity, cloud: CloudEndpoints): TokenCredential[] {
  const chain: TokenCredential[] = [new identity.EnvironmentCredential(authorityOptions(cloud))];
  if (process.env.AZURE_FEDERATED_TOKEN_FILE) chain.push(new identity.WorkloadIdentityCredential(authorityOptions(cloud)));
  return chain;
}

function managedIdentity(identity: Identity, clientId: string | undefined): TokenCredential {
  return clientId ? new identity.ManagedIdentityCredential({ clientId }) : new identity.ManagedIdentityCredential();
}

/**
 * DESIGN §3 and the README's "Signing in to Azure": with auth-type auto, OIDC federation when
 * client-id and tenant-id are known (inputs, else AZURE_CLIENT_ID and AZURE_TENANT_ID without a client
 * secret or certificate), otherwise the ambient chain, in this order: environment variables (secret,
 * certificate, federated token file), the Azure CLI session, the host's managed identity.
 */
export function createCredential(options: CredentialOptions): ResolvedCredential {
  const authType = options.authType ?? 'auto';
  const audience = options.audience ?? AZURE_FEDERATION_AUDIENCE;
  const { cloud } = options;
  if (authType === 'managed-identity') {
    return {
      credential: new LazyIdentityCredential((identity) => managedIdentity(identity, options.clientId)),
      method: 'managed-identity',
      description: options.clientId ? `the managed identity with client ID ${options.clientId}` : "the runner host's system-assigned managed identity",
    };
  }
  if (authType === 'azure-cli') {
    return {
      credential: new LazyIdentityCredential((identity) => new identity.AzureCliCredential({ tenantId: options.tenantId })),
      method: 'azure-cli',
      description: 'the Azure CLI session (az login, e.g. from azure/login)',
    };
  }
  if (authType === 'environment') {
    return {
      credential: new LazyIdentityCredential((identity) => new identity.ChainedTokenCredential(...environmentChain(identity, cloud))),
      method: 'environment',
      description: 'the service principal in the environment (AZURE_CLIENT_SECRET, AZURE_CLIENT_CERTIFICATE_PATH or AZURE_FEDERATED_TOKEN_FILE)',
    };
  }
  const fromInputs = Boolean(options.clientId && options.tenantId);
  const clientId = options.clientId ?? process.env.AZURE_CLIENT_ID;
  const tenantId = options.tenantId ?? process.env.AZURE_TENANT_ID;
  const envHasSecret = Boolean(process.env.AZURE_CLIENT_SECRET || process.env.AZURE_CLIENT_CERTIFICATE_PATH || process.env.AZURE_FEDERATED_TOKEN_FILE);
  if (clientId && tenantId && (authType === 'oidc' || fromInputs || !envHasSecret)) {
    assertIdTokenAvailable();
    return {
      credential: new GitHubFederatedCredential(tenantId, clientId, cloud.authorityHost, audience),
      method: 'oidc',
      description: `OIDC federation as client ${clientId} in tenant ${tenantId}`,
    };
  }
  return {
    credential: new LazyIdentityCredential(
      (identity) => new identity.ChainedTokenCredential(...environmentChain(identity, cloud), new identity.AzureCliCredential({ tenantId }), managedIdentity(identity, undefined)),
    ),
    method: 'ambient',
    description: 'the ambient Azure credential (environment variables, else the Azure CLI session from azure/login, else the managed identity of the runner host)',
  };
}
