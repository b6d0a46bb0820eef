/**
 * Azure Database for PostgreSQL flexible servers at api-version 2024-08-01 (the on-demand backups
 * and point-in-time restore of the REST specification's stable 2024-08-01 examples).
 */
export const POSTGRES_API_VERSION = '2024-08-01';

export interface ServerRef {
  subscriptionId: string;
  resourceGroup: string;
  serverName: string;
}

/** The parts of a flexibleServers resource this package reads (ServerGet in the REST examples). */
export interface FlexibleServer {
  id: string;
  name: string;
  type?: string;
  location: string;
  properties: {
    state?: string;
    fullyQualifiedDomainName?: string;
    version?: string;
    backup?: {
      backupRetentionDays?: number;
      geoRedundantBackup?: string;
      /** Missing on a server too young to have a backup (recorded in azure-cli's restore test). */
      earliestRestoreDate?: string;
    };
  };
}

/** A server backup (BackupGet / BackupCreate in the REST examples). */
export interface ServerBackup {
  id: string;
  name: string;
  type?: string;
  properties: {
    backupType?: string;
    source?: string;
    completedTime?: string;
  };
}
