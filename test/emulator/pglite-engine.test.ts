import { EmbeddedPostgres } from './pglite-engine.ts';
import { PostgresState } from './postgres-state.ts';

const SUB = '34adfa4f-cedf-4dc0-ba29-b6d1a69ab345';
const state = new PostgresState();
const engine = EmbeddedPostgres.attach(state);
const source = state.addServer({ subscriptionId: SUB, resourceGroup: 'rg', name: 'pg-orders' });

afterAll(() => engine.close());

describe('embedded PostgreSQL behind the emulated servers', () => {
  test('migrations run real SQL; a failing one reports the PostgreSQL error and rolls back; a restore brings back the earlier state', async () => {
    await engine.exec(source, "CREATE TABLE orders (id int PRIMARY KEY, total numeric NOT NULL); INSERT INTO orders VALUES (1, 10), (2, 20);");
    const first = await engine.migrate(source, [{ name: '0001_add_status.sql', sql: "ALTER TABLE orders ADD COLUMN status text NOT NULL DEFAULT 'new';" }]);
    expect(first.ok).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 5));
    const beforeBad = new Date();
    await state.hooks!.backupTaken(source, 'pre-migration-7001-1', beforeBad);
    await new Promise((resolve) => setTimeout(resolve, 5));

    const bad = await engine.migrate(source, [
      { name: '0001_add_status.sql', sql: 'SELECT 1;' },
      { name: '0002_drop_total.sql', sql: 'ALTER TABLE orders DROP COLUMN total; ALTER TABLE orders ADD COLUMN status text;' },
    ]);
    expect(bad.ok).toBe(false);
    expect(bad.lines).toContain('= 0001_add_status.sql (already applied)');
    expect(bad.lines).toContain('ERROR:  column "status" of relation "orders" already exists (SQLSTATE 42701)');
    // The failed migration's DROP COLUMN was rolled back with it.
    expect(await engine.query(source, 'SELECT id, total::text AS total FROM orders ORDER BY id')).toEqual([{ id: 1, total: '10' }, { id: 2, total: '20' }]);

    // A later change that the restore must not bring back.
    await engine.exec(source, 'DELETE FROM orders WHERE id = 2');
    const target = state.addServer({ subscriptionId: SUB, resourceGroup: 'rg', name: 'pg-orders-restored' });
    await state.hooks!.restored(source, target, beforeBad);
    expect(await engine.query(target, 'SELECT id, status FROM orders ORDER BY id')).toEqual([{ id: 1, status: 'new' }, { id: 2, status: 'new' }]);
    expect(await engine.query(target, 'SELECT version FROM schema_migrations')).toEqual([{ version: '0001_add_status.sql' }]);
    expect(await engine.query(source, 'SELECT count(*)::int AS n FROM orders')).toEqual([{ n: 1 }]);
    expect(engine.snapshots(source).map((snapshot) => snapshot.why)).toContain('backup pre-migration-7001-1');
  }, 120_000);
});
