import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** A checked-out migrations repository: what actions/checkout leaves in GITHUB_WORKSPACE. */
export function sampleProject(): string {
  const root = mkdtempSync(join(tmpdir(), 'te-demo-workspace-'));
  const files: Record<string, string> = {
    Dockerfile: [
      'FROM mcr.microsoft.com/mssql-tools:latest',
      'WORKDIR /migrations',
      'COPY migrations/ ./migrations/',
      'COPY migrate.sh ./',
      'ENTRYPOINT ["/migrations/migrate.sh"]',
      '',
    ].join('\n'),
    '.dockerignore': ['.git', '*.md', 'docs/', '!README.md', ''].join('\n'),
    'migrate.sh': '#!/bin/sh\nset -eu\necho "te-migrations 1.4.2 starting: action=$1"\n',
    'README.md': '# migrations\n',
    'docs/runbook.md': 'Not part of the image.\n',
    'migrations/20261101_0001_add_customer_tier.sql': 'ALTER TABLE dbo.Customer ADD Tier tinyint NOT NULL CONSTRAINT DF_Customer_Tier DEFAULT 0;\n',
    'migrations/20261108_0002_index_orders_by_customer.sql': 'CREATE INDEX IX_Order_CustomerId ON dbo.[Order](CustomerId) WITH (ONLINE = ON);\n',
    'migrations/20261115_0003_backfill_customer_tier.sql': 'UPDATE TOP (10000) dbo.Customer SET Tier = 1 WHERE Tier = 0 AND LifetimeValue > 1000;\n',
  };
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  return root;
}
