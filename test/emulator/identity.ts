import { randomUUID } from 'node:crypto';
import { registerSecret } from '../runner/secret-guard.ts';

/** Who may sign in: the federated credential of one app registration, and token lifetimes. */
export interface IdentityConfig {
  tenantId: string;
  clientId: string;
  /** The federated credential's subject, e.g. repo:ORG/REPO:environment:production. */
  subject: string;
  /** The subject GitHub puts in this job's ID tokens (a job in another environment gets another). */
  jobSubject: string;
  /** The bearer token the runner gives a job with id-token: write. */
  requestToken: string;
  idTokenLifetimeSeconds: number;
  accessTokenLifetimeSeconds: number;
  /** The federated credential's audience; default api://AzureADTokenExchange. */
  audience?: string;
}

export const GITHUB_ISSUER = 'https://token.actions.githubusercontent.com';
export const FEDERATION_AUDIENCE = 'api://AzureADTokenExchange';

export function defaultIdentity(): IdentityConfig {
  const requestToken = `runtime-${randomUUID()}`;
  registerSecret(requestToken);
  return {
    tenantId: '72f988bf-86f1-41af-91ab-2d7cd011db47',
    clientId: '0f5f1a2b-3c4d-4e5f-8a9b-0c1d2e3f4a5b',
    subject: 'repo:contoso/migrations:environment:production',
    jobSubject: 'repo:contoso/migrations:environment:production',
    requestToken,
    idTokenLifetimeSeconds: 300,
    accessTokenLifetimeSeconds: 3600,
  };
}

/** Counters tests read to prove tokens were fetched fresh. */
export interface IdentityStats {
  idTokensIssued: number;
  accessTokensIssued: number;
  /** jti of every client assertion Entra accepted. */
  assertionsAccepted: string[];
  /** Access tokens ARM refused because they had expired. */
  expiredAccessTokensSeen: number;
}
