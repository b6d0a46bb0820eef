import { resourcePath } from '@te-actions/azure-auth';
import type { ServerRef } from './server-types.js';

export function serverPath(ref: ServerRef): string {
  return resourcePath`/subscriptions/${ref.subscriptionId}/resourceGroups/${ref.resourceGroup}/providers/Microsoft.DBforPostgreSQL/flexibleServers/${ref.serverName}`;
}

export function serverResourceId(ref: ServerRef): string {
  return `/subscriptions/${ref.subscriptionId}/resourceGroups/${ref.resourceGroup}/providers/Microsoft.DBforPostgreSQL/flexibleServers/${ref.serverName}`;
}

export function backupPath(ref: ServerRef, backupName: string): string {
  return serverPath(ref) + resourcePath`/backups/${backupName}`;
}
