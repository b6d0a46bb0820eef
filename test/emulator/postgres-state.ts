import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const POSTGRES_API_VERSION = '2024-08-01';

const RECORDINGS = join(dirname(fileURLToPath(import.meta.url)), 'recordings', 'postgresql');

/** A trimmed, attributed recording of real traffic (test/emulator/recordings/postgresql/*.json). */
export function postgresRecording(name: string): any {
  return JSON.parse(readFileSync(join(RECORDINGS, `${name}.json`), 'utf8'));
}

/** What a database engine does when the emulator backs up or restores a server (see pglite-engine.ts). */
export interface DatabaseHooks {
  /** A backup of `server` completed: keep what its database holds now. */
  backupTaken(server: EmulatedServer, backupName: string, at: Date): Promise<void> | void;
  /** A point-in-time restore of `source` to `pointInTime` created `target`. */
  restored(source: EmulatedServer, target: EmulatedServer, pointInTime: Date): Promise<void> | void;
}

export interface EmulatedBackup {
  name: string;
  resource: Record<string, any>;
}

export interface EmulatedServer {
  subscriptionId: string;
  resourceGroup: string;
  name: string;
  resource: Record<string, any>;
  backups: Map<string, EmulatedBackup>;
}

export interface NewServer {
  subscriptionId: string;
  resourceGroup: string;
  name: string;
  /** Display name as ARM returns it (the recordings show "Canada Central"). */
  location?: string;
  state?: string;
  /** Default: one day before now; null: none reported (a server with no completed backup yet). */
  earliestRestoreDate?: string | null;
}

/** PostgreSQL flexible servers and their backups, keyed case-insensitively like ARM. */
export class PostgresState {
  readonly servers = new Map<string, EmulatedServer>();
  /** How long an on-demand backup stays InProgress. */
  backupDelayMs = 300;
  /** How long a point-in-time restore stays InProgress. */
  restoreDelayMs = 500;
  /** After the restore operation succeeds, the new server stays Provisioning this long. */
  readyAfterRestoreMs = 0;
  /** When set, the next backup operation ends Failed with this error. */
  failNextBackup: { code: string; message: string } | undefined;
  /** When set, the next restore operation ends Failed with this error. */
  failNextRestore: { code: string; message: string } | undefined;
  /** Optional real database behind the servers (embedded PostgreSQL); off unless a test attaches one. */
  hooks: DatabaseHooks | undefined;

  static key(subscriptionId: string, resourceGroup: string, name: string): string {
    return `${subscriptionId}/${resourceGroup}/${name}`.toLowerCase();
  }

  addServer(spec: NewServer): EmulatedServer {
    const recorded = postgresRecording('server-get').response.body;
    const resource = structuredClone(recorded) as Record<string, any>;
    resource.id = `/subscriptions/${spec.subscriptionId}/resourceGroups/${spec.resourceGroup}/providers/Microsoft.DBforPostgreSQL/flexibleServers/${spec.name}`;
    resource.name = spec.name;
    resource.location = spec.location ?? 'Canada Central';
    resource.systemData.createdAt = new Date(Date.now() - 2 * 86_400_000).toISOString();
    resource.properties.fullyQualifiedDomainName = `${spec.name}.postgres.database.azure.com`;
    resource.properties.state = spec.state ?? 'Ready';
    if (spec.earliestRestoreDate === null) delete resource.properties.backup.earliestRestoreDate;
    else resource.properties.backup.earliestRestoreDate = spec.earliestRestoreDate ?? new Date(Date.now() - 86_400_000).toISOString();
    const server: EmulatedServer = { subscriptionId: spec.subscriptionId, resourceGroup: spec.resourceGroup, name: spec.name, resource, backups: new Map() };
    this.servers.set(PostgresState.key(spec.subscriptionId, spec.resourceGroup, spec.name), server);
    return server;
  }

  server(subscriptionId: string, resourceGroup: string, name: string): EmulatedServer | undefined {
    return this.servers.get(PostgresState.key(subscriptionId, resourceGroup, name));
  }

  /** The backup resource as the recorded GET answers it. */
  backupResource(server: EmulatedServer, name: string, completedTime: Date): Record<string, any> {
    const resource = structuredClone(postgresRecording('backup-get').response.body) as Record<string, any>;
    resource.id = `${server.resource.id}/backups/${name}`;
    resource.name = name;
    resource.properties.completedTime = completedTime.toISOString().replace('Z', '+00:00');
    return resource;
  }
}

/** ARM's location segment for operation URLs: "Canada Central" → "canadacentral" (as recorded). */
export function locationSegment(location: string): string {
  return location.toLowerCase().replace(/\s+/g, '');
}
