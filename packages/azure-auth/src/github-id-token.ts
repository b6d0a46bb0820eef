import * as core from '@actions/core';
import { isTransientStatus, SignInError } from './sign-in-error.js';
import { sendRequest, type HttpResponse } from './transport.js';

export const AZURE_FEDERATION_AUDIENCE = 'api://AzureADTokenExchange';

export class MissingIdTokenPermissionError extends Error {
  constructor() {
    super(
      'Azure login with OIDC (client-id and tenant-id given) needs a GitHub ID token, but this job cannot request one: ' +
        'ACTIONS_ID_TOKEN_REQUEST_URL and ACTIONS_ID_TOKEN_REQUEST_TOKEN are not set. Add\n' +
        '  permissions:\n    id-token: write\n    contents: read\n' +
        'to the job that runs this step. (Workflows triggered from a fork never receive an ID token.)',
    );
    this.name = 'MissingIdTokenPermissionError';
  }
}

/** Fails early, before any network call, when the job was not given `id-token: write`. */
export function assertIdTokenAvailable(env: NodeJS.ProcessEnv = process.env): void {
  if (!env.ACTIONS_ID_TOKEN_REQUEST_URL || !env.ACTIONS_ID_TOKEN_REQUEST_TOKEN) throw new MissingIdTokenPermissionError();
}

/**
 * A fresh GitHub OIDC token for Entra ID federation, requested from the runner's token service as
 * `core.getIDToken` does (GET $ACTIONS_ID_TOKEN_REQUEST_URL&audience=..., bearer
 * $ACTIONS_ID_TOKEN_REQUEST_TOKEN, JSON `{value}`) but over the keep-alive transport, which keeps an action's
 * start fast. Called for every token exchange, so a run that outlives one ID token never fails with
 * AADSTS700024. The token is registered as a secret before it is returned.
 */
export async function fetchGitHubIdToken(audience = AZURE_FEDERATION_AUDIENCE, signal?: AbortSignal): Promise<string> {
  assertIdTokenAvailable();
  const url = new URL(process.env.ACTIONS_ID_TOKEN_REQUEST_URL!);
  url.searchParams.set('audience', audience);
  let response: HttpResponse;
  try {
    response = await sendRequest({
      url,
      method: 'GET',
      headers: { authorization: `Bearer ${process.env.ACTIONS_ID_TOKEN_REQUEST_TOKEN}`, accept: 'application/json' },
      signal,
      timeoutMs: 30_000,
    });
  } catch (error) {
    if (signal?.aborted) throw error;
    const cause = (error as { code?: string }).code ?? (error as Error).message;
    throw new SignInError(`Could not get a GitHub ID token for Azure federation: the runner's token service did not answer (${cause}).`, true);
  }
  const text = response.body;
  if (response.status !== 200) {
    throw new SignInError(`Could not get a GitHub ID token for Azure federation: the runner's token service answered HTTP ${response.status}.`, isTransientStatus(response.status));
  }
  let value: unknown;
  try {
    value = (JSON.parse(text) as { value?: unknown }).value;
  } catch {
    value = undefined;
  }
  if (typeof value !== 'string' || !value) throw new SignInError('Could not get a GitHub ID token for Azure federation: the answer had no token.', false);
  core.setSecret(value);
  return value;
}
