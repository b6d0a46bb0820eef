import * as core from '@actions/core';
import type { AccessToken, GetTokenOptions, TokenCredential } from '@azure/core-auth';
import { neutraliseWorkflowCommands } from '@te-actions/action-kit';
import { AZURE_FEDERATION_AUDIENCE, fetchGitHubIdToken } from './github-id-token.js';
import { describeEntraIds, describeRequestIds, requestIdsOf } from './request-ids.js';
import { isTransientStatus, SignInError } from './sign-in-error.js';
import { sendRequest, type HttpResponse } from './transport.js';

interface TokenAnswer {
  access_token?: string;
  expires_in?: number | string;
  error?: unknown;
  error_description?: unknown;
  trace_id?: unknown;
  correlation_id?: unknown;
}

/**
 * Entra ID's client-credentials grant with a federated client assertion (the GitHub ID token): the
 * exchange ClientAssertionCredential performs, without loading MSAL at every action start. Every
 * call fetches a new ID token, so no assertion is ever reused past its life.
 */
export class GitHubFederatedCredential implements TokenCredential {
  private readonly tokenUrl: string;
  private claimsShown = false;

  constructor(
    private readonly tenantId: string,
    private readonly clientId: string,
    authorityHost: string,
    private readonly audience: string = AZURE_FEDERATION_AUDIENCE,
  ) {
    this.tokenUrl = `${authorityHost.replace(/\/+$/, '')}/${encodeURIComponent(tenantId)}/oauth2/v2.0/token`;
  }

  async getToken(scopes: string | string[], options?: GetTokenOptions): Promise<AccessToken> {
    const scope = (Array.isArray(scopes) ? scopes : [scopes]).join(' ');
    const signal = options?.abortSignal as AbortSignal | undefined;
    const assertion = await fetchGitHubIdToken(this.audience, signal);
    if (!this.claimsShown) {
      this.claimsShown = true;
      core.info(describeClaims(assertion));
    }
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
      const ids = describeEntraIds(answer) || describeRequestIds(requestIdsOf(response.headers));
      if (isTransientStatus(response.status)) {
        throw new SignInError(`Entra ID token endpoint answered HTTP ${response.status} for client ${this.clientId}: ${detail}${ids}`, true);
      }
      throw new SignInError(`Entra ID refused the GitHub OIDC token for client ${this.clientId} in tenant ${this.tenantId}: ${detail}${ids}${hintFor(detail)}`, false);
    }
    core.setSecret(answer.access_token);
    const lifetime = Number(answer.expires_in ?? 3600);
    return { token: answer.access_token, expiresOnTimestamp: Date.now() + lifetime * 1000, tokenType: 'Bearer' };
  }
}

function textOf(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/**
 * The ID token's non-secret claims, printed on the first exchange as Azure/login does
 * (src/common/LoginConfig.ts: "Federated token details: issuer - … subject claim - …"), so a subject
 * that does not match the federated credential can be compared with it. The token itself is never shown.
 */
export function describeClaims(idToken: string): string {
  let claims: Record<string, unknown> = {};
  try {
    claims = JSON.parse(Buffer.from(idToken.split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
  } catch {
    claims = {};
  }
  const show = (value: unknown) => {
    const text = Array.isArray(value) ? value.join(', ') : typeof value === 'string' ? value : value === undefined ? '(none)' : JSON.stringify(value);
    // Claims are remote text: one line, no control characters, never a workflow command.
    return neutraliseWorkflowCommands(text.replace(/[\u0000-\u001f\u007f]/g, ' ').slice(0, 300)).replace(/##\[/g, '##\u200b[');
  };
  return [
    'Federated token details:',
    ` issuer - ${show(claims.iss)}`,
    ` subject claim - ${show(claims.sub)}`,
    ` audience - ${show(claims.aud)}`,
    ` job_workflow_ref - ${show(claims.job_workflow_ref)}`,
  ].join('\n');
}

const HINTS: [RegExp, string][] = [
  [/AADSTS7002138\b/, ' Subjects are case-sensitive: the federated credential\'s subject must match the subject claim printed above letter for letter (owner, repository and environment names as GitHub spells them).'],
  [/AADSTS700213\b/, ' No federated credential of this app has the subject printed above: add one with exactly that subject (e.g. repo:ORG/REPO:environment:production for a job with environment: production; repo:ORG/REPO:ref:refs/heads/main for a job without environment). Subjects are case-sensitive.'],
  [/AADSTS700212\b/, ' The federated credential\'s audience must equal the audience printed above (the audience input; default api://AzureADTokenExchange).'],
  [/AADSTS700211\b/, ' The federated credential\'s issuer must equal the issuer printed above (https://token.actions.githubusercontent.com, or your enterprise\'s issuer).'],
  [/AADSTS70021\b/, ' No federated credential of this app matches the issuer, subject and audience printed above: compare them with the app registration\'s federated credentials.'],
  [/AADSTS700024\b/, ' The GitHub ID token was outside its validity window when Entra ID read it: check the runner\'s clock (a fresh token is requested for every exchange).'],
  [/AADSTS700016\b/, ' Check client-id: no such application in this tenant.'],
  [/AADSTS90002\b/, ' Check tenant-id: no such tenant.'],
  [/AADSTS7000215\b/, ' The client secret is wrong or expired.'],
  [/AADSTS500011\b/, ' The resource is not known in this tenant: check the environment input (cloud) and any endpoint override.'],
];

/** A hint per AADSTS code, so the message says what to change. */
export function hintFor(detail: string): string {
  return HINTS.find(([pattern]) => pattern.test(detail))?.[1] ?? '';
}
