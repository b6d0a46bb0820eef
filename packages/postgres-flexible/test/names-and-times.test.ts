import { checkBackupName, checkServerName, defaultBackupName } from '../src/server-name.js';
import { checkRestoreTime, parseAzureTime } from '../src/restore-time.js';
import type { FlexibleServer } from '../src/server-types.js';

const server = (earliestRestoreDate?: string): FlexibleServer => ({
  id: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.DBforPostgreSQL/flexibleServers/pg-prod',
  name: 'pg-prod',
  location: 'West Europe',
  properties: { state: 'Ready', backup: { earliestRestoreDate } },
});

describe('server and backup names', () => {
  test.each(['pg-prod', 'abc', 'a'.repeat(63), 'db1-eu-2'])('%s is a valid server name', (name) => expect(checkServerName('server-name', name)).toBe(name));
  test.each(['ab', 'a'.repeat(64), 'PgProd', '-pg', 'pg-', 'pg_prod', 'pg.postgres.database.azure.com', 'pg/../x'])('%s is refused', (name) =>
    expect(() => checkServerName('server-name', name)).toThrow("breaks Azure's naming rules. Expected a PostgreSQL flexible server name"),
  );
  test('an empty server name is reported as missing', () => expect(() => checkServerName('source-server', '')).toThrow("Input 'source-server' is required but was empty"));
  test('backup names', () => {
    expect(checkBackupName('backup-name', 'pre-migration-7001-1')).toBe('pre-migration-7001-1');
    expect(() => checkBackupName('backup-name', 'a'.repeat(129))).toThrow('Expected a backup name: 1-128');
    expect(() => checkBackupName('backup-name', 'x/../y')).toThrow("breaks Azure's naming rules");
  });
  test('the default backup name comes from the run and its attempt', () => {
    expect(defaultBackupName('7001', '2')).toBe('pre-migration-7001-2');
    expect(defaultBackupName(undefined, undefined, new Date('2026-03-15T18:30:22.123Z'))).toBe('pre-migration-20260315T183022-1');
    expect(() => checkBackupName('backup-name', defaultBackupName('123456789012', '99'))).not.toThrow();
  });
});

describe('restore time window', () => {
  const now = new Date('2026-03-15T18:30:00Z');
  test('Azure times with seven fractional digits are read', () => expect(parseAzureTime('2026-03-31T22:31:54.7958778+00:00')?.toISOString()).toBe('2026-03-31T22:31:54.795Z'));
  test('a time inside the window is accepted', () => expect(() => checkRestoreTime(server('2026-03-08T18:35:22.123456Z'), new Date('2026-03-15T18:00:00Z'), now)).not.toThrow());
  test('a time before earliestRestoreDate is refused, naming restore-time and the window', () =>
    expect(() => checkRestoreTime(server('2026-03-08T18:35:22.123456Z'), new Date('2026-03-01T00:00:00Z'), now)).toThrow(
      "Input 'restore-time' is 2026-03-01T00:00:00.000Z, which is before the earliest restore time of server 'pg-prod' (2026-03-08T18:35:22.123Z). Expected a time between 2026-03-08T18:35:22.123Z and now.",
    ));
  test('a time in the future is refused', () => expect(() => checkRestoreTime(server('2026-03-08T00:00:00Z'), new Date('2026-03-15T18:31:00Z'), now)).toThrow("Input 'restore-time' is 2026-03-15T18:31:00.000Z, which is in the future"));
  test('a server without an earliest restore time cannot be restored yet', () => expect(() => checkRestoreTime(server(undefined), new Date('2026-03-15T18:00:00Z'), now)).toThrow('reports no earliest restore time yet'));
});
