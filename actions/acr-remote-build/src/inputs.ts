import { azureName, boolean, InputError, integer, lines, nameValueList, optionalAzureName, optionalString, parseImageReference, quote, rawInput } from '@te-actions/action-kit';
import { readAzureInputs } from '@te-actions/azure-auth';
import { loginServer, parsePlatform, type RemoteBuildRequest } from '@te-actions/acr-build';

/** What the step was asked to build: exactly what buildRemotely takes. */
export type BuildInputs = RemoteBuildRequest;

const TARGET = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/;

/** The images to build, as repo:tag. A host part is allowed only when it is this registry's login server. */
function readImages(server: string): string[] {
  const values = lines('image');
  if (!values.length) throw new InputError('image', 'is required but was empty', 'one or more repository:tag lines, e.g. migrations:1.4.2');
  return values.map((value) => {
    const ref = parseImageReference('image', value);
    if (ref.digest) throw new InputError('image', `has the value ${quote(value)} with a digest`, 'repository:tag (the digest is an output of the build)');
    if (ref.registry && ref.registry.toLowerCase() !== server) {
      throw new InputError('image', `has the value ${quote(value)} on registry ${ref.registry}`, `an image of the registry being built on: repository:tag or ${server}/repository:tag`);
    }
    return `${ref.repository}:${ref.tag}`;
  });
}

export function readBuildInputs(): BuildInputs {
  const azure = readAzureInputs();
  const resourceGroup = azureName('resource-group', 'resourceGroup');
  const registryName = azureName('registry', 'containerRegistry');
  const server = loginServer(registryName);
  const imageNames = readImages(server);
  const context = rawInput('context') || '.';
  const dockerfile = rawInput('dockerfile') || 'Dockerfile';
  const buildArgs = nameValueList('build-args');
  const secretBuildArgs = nameValueList('secret-build-args');
  const twice = buildArgs.find((arg) => secretBuildArgs.some((secret) => secret.name === arg.name));
  if (twice) throw new InputError('secret-build-args', `sets ${twice.name}, which build-args sets too`, 'each build argument in only one of build-args and secret-build-args');
  const target = optionalString('target');
  if (target !== undefined && !TARGET.test(target)) throw new InputError('target', `has the value ${quote(target)}`, 'the name of a build stage (letters, digits, _, . and -)');
  return {
    azure,
    registry: { subscriptionId: azure.subscriptionId, resourceGroup, registryName },
    loginServer: server,
    imageNames,
    context,
    dockerfile,
    includeGit: boolean('include-git', false),
    buildArgs,
    secretBuildArgs,
    target,
    platform: parsePlatform('platform', rawInput('platform') || 'linux/amd64'),
    agentPool: optionalAzureName('agent-pool', 'agentPool'),
    noCache: boolean('no-cache', false),
    push: boolean('push', true),
    // ACR Tasks accepts run timeouts of 300-28800 s.
    timeoutMinutes: integer('timeout-minutes', { min: 5, max: 480, fallback: 60 }),
  };
}
