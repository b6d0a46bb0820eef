import { PGlite } from '@electric-sql/pglite';
import type { ExecutionScript } from './executions-state.ts';
import { PostgresState, type DatabaseHooks, type EmulatedServer } from './postgres-state.ts';

export interface MigrationFile {
  /** File name, e.g. 0002_add_order_status.sql; applied in name order, each once. */
  name: string;
  sql: string;
}

interface Snapshot {
  /** Date.now() from which this state held (until the next snapshot). */
  at: number;
  data: Blob;
  why: string;
}

/**
 * A real PostgreSQL (PGlite: Postgres compiled to WebAssembly) behind each emulated flexible server,
 * so migrations run real SQL and fail with real errors. Every change the emulator makes (a migration
 * committed, a seed) is followed by a snapshot of the data directory, so the state at any time T is
 * the latest snapshot at or before T: a point-in-time restore loads exactly that into the new
 * server's database, and an on-demand backup is one more snapshot. Optional per emulator: attach()
 * it where a test needs data (PGlite takes seconds to start; other tests never load it).
 */
export class EmbeddedPostgres implements DatabaseHooks {
  private readonly databases = new Map<string, Promise<PGlite>>();
  private readonly history = new Map<string, Snapshot[]>();

  /** Makes `state`'s backups and restores snapshot and restore these databases. */
  static attach(state: PostgresState): EmbeddedPostgres {
    const engine = new EmbeddedPostgres();
    state.hooks = engine;
    return engine;
  }

  private static key(server: EmulatedServer): string {
    return PostgresState.key(server.subscriptionId, server.resourceGroup, server.name);
  }

  /** The server's database, created empty (and snapshotted as of the beginning of time) on first use. */
  database(server: EmulatedServer): Promise<PGlite> {
    const key = EmbeddedPostgres.key(server);
    let database = this.databases.get(key);
    if (!database) {
      database = PGlite.create().then(async (db) => {
        await this.snapshot(key, db, 0, 'created');
        return db;
      });
      this.databases.set(key, database);
    }
    return database;
  }

  /** Runs SQL outside any migration (test data) and records the change. */
  async exec(server: EmulatedServer, sql: string): Promise<void> {
    const db = await this.database(server);
    await db.exec(sql);
    await this.snapshot(EmbeddedPostgres.key(server), db, Date.now(), 'seed');
  }

  async query<T = Record<string, unknown>>(server: EmulatedServer, sql: string): Promise<T[]> {
    return (await (await this.database(server)).query<T>(sql)).rows;
  }

  /** Snapshots taken for a server (for tests: backups show up here). */
  snapshots(server: EmulatedServer): { at: number; why: string }[] {
    return (this.history.get(EmbeddedPostgres.key(server)) ?? []).map(({ at, why }) => ({ at, why }));
  }

  async backupTaken(server: EmulatedServer, backupName: string, at: Date): Promise<void> {
    await this.snapshot(EmbeddedPostgres.key(server), await this.database(server), at.getTime(), `backup ${backupName}`);
  }

  async restored(source: EmulatedServer, target: EmulatedServer, pointInTime: Date): Promise<void> {
    await this.database(source);
    const snapshots = this.history.get(EmbeddedPostgres.key(source)) ?? [];
    const state = snapshots.filter((snapshot) => snapshot.at <= pointInTime.getTime()).at(-1) ?? snapshots[0]!;
    const key = EmbeddedPostgres.key(target);
    const database = PGlite.create({ loadDataDir: state.data }).then(async (db) => {
      await this.snapshot(key, db, 0, `restored from ${source.name} at ${pointInTime.toISOString()}`);
      return db;
    });
    this.databases.set(key, database);
    await database;
  }

  /**
   * Applies the migrations not applied yet, each in its own transaction, recording them in
   * schema_migrations (as migration tools do). Stops at the first failure, whose PostgreSQL error
   * (message, SQLSTATE) is in the lines; the failed migration's changes are rolled back.
   */
  async migrate(server: EmulatedServer, files: MigrationFile[]): Promise<{ lines: string[]; ok: boolean }> {
    const db = await this.database(server);
    const key = EmbeddedPostgres.key(server);
    const lines: string[] = [`Connected to ${server.resource.properties.fullyQualifiedDomainName} (PostgreSQL ${(await db.query<{ v: string }>("SELECT current_setting('server_version') AS v")).rows[0]?.v ?? '?'})`];
    await db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())');
    const applied = new Set((await db.query<{ version: string }>('SELECT version FROM schema_migrations')).rows.map((row) => row.version));
    for (const file of [...files].sort((a, b) => a.name.localeCompare(b.name))) {
      if (applied.has(file.name)) {
        lines.push(`= ${file.name} (already applied)`);
        continue;
      }
      lines.push(`→ applying ${file.name}`);
      try {
        await db.transaction(async (tx) => {
          await tx.exec(file.sql);
          await tx.query('INSERT INTO schema_migrations (version) VALUES ($1)', [file.name]);
        });
        await this.snapshot(key, db, Date.now(), `migration ${file.name}`);
        lines.push(`✓ ${file.name}`);
      } catch (error) {
        const { message, code } = error as { message?: string; code?: string };
        lines.push(`ERROR:  ${message ?? String(error)}${code ? ` (SQLSTATE ${code})` : ''}`, `✗ ${file.name} failed; its transaction was rolled back. Migration aborted.`);
        return { lines, ok: false };
      }
    }
    lines.push('Migrations complete.');
    return { lines, ok: true };
  }

  /** A job execution that runs `migrate` when it starts and ends Succeeded or Failed accordingly. */
  migrationScript(server: EmulatedServer, files: MigrationFile[], durationMs = 500): ExecutionScript {
    return {
      durationMs,
      finalStatus: 'Succeeded',
      work: async () => {
        const { lines, ok } = await this.migrate(server, files);
        return { lines, finalStatus: ok ? 'Succeeded' : 'Failed' };
      },
    };
  }

  async close(): Promise<void> {
    for (const database of this.databases.values()) await (await database).close();
    this.databases.clear();
  }

  private async snapshot(key: string, db: PGlite, at: number, why: string): Promise<void> {
    const data = await db.dumpDataDir('none');
    const list = this.history.get(key) ?? [];
    list.push({ at, data, why });
    this.history.set(key, list);
  }
}
