import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { MigrationFile } from '../emulator/pglite-engine.ts';

/** The schema and data production had before this release (migrations 0001 and 0002 applied). */
export const EXISTING_MIGRATIONS: MigrationFile[] = [
  {
    name: '20261101_0001_create_customers_orders.sql',
    sql: [
      'CREATE TABLE customers (id bigint PRIMARY KEY, email text NOT NULL UNIQUE, lifetime_value numeric(12,2) NOT NULL DEFAULT 0);',
      'CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint REFERENCES customers(id), total numeric(12,2) NOT NULL, status text NOT NULL);',
      '',
    ].join('\n'),
  },
  { name: '20261108_0002_index_orders_by_customer.sql', sql: 'CREATE INDEX orders_customer_id_idx ON orders (customer_id);\n' },
];

/** Production data before the release. One legacy order has no customer. */
export const SEED_DATA = [
  "INSERT INTO customers VALUES (1, 'ada@contoso.example', 1520.00), (2, 'grace@contoso.example', 310.50), (3, 'linus@contoso.example', 0);",
  "INSERT INTO orders VALUES (101, 1, 120.00, 'shipped'), (102, 1, 80.00, 'open'), (103, 2, 310.50, 'shipped'), (104, NULL, 45.00, 'open');",
].join('\n');

/** Release 1.4.2 (the deploy demo): one migration that succeeds. */
export const RELEASE_MIGRATIONS: MigrationFile[] = [
  { name: '20261115_0003_add_customer_tier.sql', sql: "ALTER TABLE customers ADD COLUMN tier smallint NOT NULL DEFAULT 0;\nUPDATE customers SET tier = 1 WHERE lifetime_value > 1000;\n" },
];

/**
 * Release 1.5.0 (the rollback demo): 0004 rewrites order data and commits; 0005 then fails on the
 * legacy order without a customer, with PostgreSQL's own error. 0004's change is already in the data.
 */
export const BAD_RELEASE_MIGRATIONS: MigrationFile[] = [
  ...RELEASE_MIGRATIONS,
  { name: '20261122_0004_archive_shipped_orders.sql', sql: "UPDATE orders SET status = 'archived', total = 0 WHERE status <> 'open';\n" },
  { name: '20261122_0005_require_order_customer.sql', sql: 'ALTER TABLE orders ALTER COLUMN customer_id SET NOT NULL;\n' },
];

/** A checked-out migrations repository: what actions/checkout leaves in GITHUB_WORKSPACE. */
export function sampleProject(migrations: MigrationFile[] = [...EXISTING_MIGRATIONS, ...RELEASE_MIGRATIONS]): string {
  const root = mkdtempSync(join(tmpdir(), 'te-demo-workspace-'));
  const files: Record<string, string> = {
    Dockerfile: ['FROM postgres:17-alpine', 'WORKDIR /migrations', 'COPY migrations/ ./migrations/', 'COPY migrate.sh ./', 'ENTRYPOINT ["/migrations/migrate.sh"]', ''].join('\n'),
    '.dockerignore': ['.git', '*.md', 'docs/', '!README.md', ''].join('\n'),
    'migrate.sh': '#!/bin/sh\nset -eu\nfor f in migrations/*.sql; do psql "$DATABASE_URL" --single-transaction -v ON_ERROR_STOP=1 -f "$f"; done\n',
    'README.md': '# migrations\n',
    'docs/runbook.md': 'Not part of the image.\n',
  };
  for (const migration of migrations) files[`migrations/${migration.name}`] = migration.sql;
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  return root;
}
