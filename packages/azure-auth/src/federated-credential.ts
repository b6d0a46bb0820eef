import * as core from '@actions/core';
import type { AccessToken, GetTokenOptions, TokenCredential } from '@azure/core-auth';
import { fetchGitHubIdToken } from './github-id-token.js';
import { isTransientStatus, SignInError } from './sign-in-error.js';
import { sendRequest, type HttpResponse } from './transport.js';

interface TokenAnswer {
  access_token?: string;
  expires_in?: number | string;
  error?: unknown;
  error_description?: unknown;
}

/**
 * Entra ID's client-credentials grant with a federated client assertion (the GitHub ID token): the
 * exchange ClientAssertionCredential performs, without loading MSAL at every action start. Every
 * call fetches a new ID token, so no assertion is ever reused past its life.
 */
export class GitHubFederatedCredential implements TokenCredential {
  private readonly tokenUrl: string;

  constructor(
    private readonly tenantId: string,
    private readonly clientId: string,
    authorityHost: string,
  ) {
    this.tokenUrl = `${authorityHost.replace(/\/+$/, '')}/${encodeURIComponent(tenantId)}/oauth2/v2.0/token`;
  }

  async getToken(scopes: string | string[], options?: GetTokenOptions): Promise<AccessToken> {
    const scope = (Array.isArray(scopes) ? scopes : [scopes]).join(' ');
    const signal = options?.abortSignal as AbortSignal | undefined;
    const assertion = await fetchGitHubIdToken(undefined, signal);
    const form = new URLSearchParams({
      client_id: this.clientId,
      scope,
      grant_type: 'client_credentials',
      client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
      client_assertion: assertion,
    });
    let response: HttpResponse;
    try {
      response = await sendRequest({
        url: new URL(this.tokenUrl),
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        body: form.toString(),
        signal,
        timeoutMs: 30_000,
      });
    } catch (error) {
      if (signal?.aborted) throw error;
      const cause = (error as { code?: string }).code ?? (error as Error).message;
      throw new SignInError(`Entra ID token endpoint ${new URL(this.tokenUrl).origin} did not answer (${cause}).`, true);
    }
    let answer: TokenAnswer = {};
    try {
      answer = JSON.parse(response.body) as TokenAnswer;
    } catch {
      answer = {};
    }
    if (response.status !== 200 || !answer.access_token) {
      // A gateway in front of Entra may answer with any JSON (e.g. {"error": {"code": ...}}): only strings are details.
      const detail = (textOf(answer.error_description) ?? textOf(answer.error) ?? `HTTP ${response.status}`).split(/\r?\n/)[0] ?? '';
      if (isTransientStatus(response.status)) {
        throw new SignInError(`Entra ID token endpoint answered HTTP ${response.status} for client ${this.clientId}: ${detail}`, true);
      }
      throw new SignInError(`Entra ID refused the GitHub OIDC token for client ${this.clientId} in tenant ${this.tenantId}: ${detail}${hintFor(detail)}`, false);
    }
    core.setSecret(answer.access_token);
    const lifetime = Number(answer.expires_in ?? 3600);
    return { token: answer.access_token, expiresOnTimestamp: Date.now() + lifetime * 1000, tokenType: 'Bearer' };
  }
}

function textOf(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function hintFor(detail: string): string {
  if (/AADSTS70021|AADSTS700211|AADSTS700213/.test(detail)) {
    return ' Check that the app registration has a federated credential whose issuer is https://token.actions.githubusercontent.com and whose subject matches this job (e.g. repo:ORG/REPO:environment:production).';
  }
  if (/AADSTS700016/.test(detail)) return ' Check client-id: no such application in this tenant.';
  if (/AADSTS90002/.test(detail)) return ' Check tenant-id.';
  return '';
}
