import { AzureRequestError, type RestClient } from '@te-actions/azure-auth';
import { serverPath } from './server-path.js';
import { POSTGRES_API_VERSION, type FlexibleServer, type ServerRef } from './server-types.js';

export class ServerNotFoundError extends Error {
  constructor(ref: ServerRef, input: string) {
    super(
      `PostgreSQL flexible server '${ref.serverName}' was not found in resource group '${ref.resourceGroup}' of subscription ${ref.subscriptionId}. ` +
        `Check ${input}, resource-group and subscription-id, and that the signed-in identity can read the server (Reader or Contributor on it).`,
    );
    this.name = 'ServerNotFoundError';
  }
}

/** Reads a server; undefined when it does not exist (404 ResourceNotFound / ResourceGroupNotFound). */
export async function findServer(arm: RestClient, ref: ServerRef): Promise<FlexibleServer | undefined> {
  const response = await arm.request<FlexibleServer>({
    method: 'GET',
    path: serverPath(ref),
    query: { 'api-version': POSTGRES_API_VERSION },
    what: `Reading PostgreSQL server ${ref.serverName}`,
    allow: [404],
  });
  if (response.status === 404) {
    const code = (response.body as { error?: { code?: string } } | undefined)?.error?.code;
    if (code === 'ResourceNotFound' || code === 'ResourceGroupNotFound' || !code) return undefined;
    throw new AzureRequestError(404, code, undefined, `Reading PostgreSQL server ${ref.serverName}`);
  }
  return response.body;
}

/** Reads a server that must exist; `input` names the input that chose it, for the error. */
export async function getServer(arm: RestClient, ref: ServerRef, input = 'server-name'): Promise<FlexibleServer> {
  const server = await findServer(arm, ref);
  if (!server) throw new ServerNotFoundError(ref, input);
  return server;
}
