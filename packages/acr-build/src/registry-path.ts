import { resourcePath } from '@te-actions/azure-auth';
import type { RegistryRef } from './acr-types.js';

/** ARM path of a container registry; every segment percent-encoded. */
export function registryPath(ref: RegistryRef): string {
  return resourcePath`/subscriptions/${ref.subscriptionId}/resourceGroups/${ref.resourceGroup}/providers/Microsoft.ContainerRegistry/registries/${ref.registryName}`;
}

/** ARM path of one run of a registry. */
export function runPath(ref: RegistryRef, runId: string): string {
  return registryPath(ref) + resourcePath`/runs/${runId}`;
}

/** The registry's login server, e.g. contoso.azurecr.io (registry names are case-insensitive). */
export function loginServer(registryName: string, suffix = 'azurecr.io'): string {
  return `${registryName.toLowerCase()}.${suffix}`;
}
