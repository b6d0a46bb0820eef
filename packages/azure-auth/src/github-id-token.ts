import * as core from '@actions/core';

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
 * A fresh GitHub OIDC token for Entra ID federation. Called for every token request, so a run that
 * outlives one ID token (about 5 minutes usable) gets a new one instead of failing with AADSTS700024.
 * @actions/core registers the token as a secret before returning it.
 */
export async function fetchGitHubIdToken(audience = AZURE_FEDERATION_AUDIENCE): Promise<string> {
  assertIdTokenAvailable();
  try {
    return await core.getIDToken(audience);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`Could not get a GitHub ID token for Azure federation: ${reason}`);
  }
}
