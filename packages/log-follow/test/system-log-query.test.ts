import { SystemLogsState } from '../../../test/emulator/system-logs.ts';
import { runKql } from '../../../test/emulator/kql-subset.ts';
import { SYSTEM_LOG_TABLES, systemLogQuery } from '../src/system-log-query.js';

/** An emulated workspace holding the events of two executions and one job-level event. */
function workspace(table: (typeof SYSTEM_LOG_TABLES)[number]['name']) {
  const logs = new SystemLogsState();
  logs.tablesPresent = { ContainerAppSystemLogs_CL: false, ContainerAppSystemLogs: false, [table]: true };
  const execution = (replicaName: string, failure?: { kind: 'exit-code'; exitCode: number } | { kind: 'deadline' }) => ({
    job: { name: 'migrate-db' },
    replicaName,
    containerNames: ['migrate'],
    startedAt: Date.parse('2026-11-23T10:00:00Z'),
    endedAt: Date.parse('2026-11-23T10:01:00Z'),
    status: 'Failed',
    template: { containers: [{ name: 'migrate', image: 'contoso.azurecr.io/m:1' }] },
    script: { finalStatus: 'Failed', failure },
  });
  logs.executionEnded(execution('migrate-db-abc1234-x1y2z', { kind: 'exit-code', exitCode: 3 }));
  logs.executionEnded(execution('migrate-db-other99-a1b2c', { kind: 'deadline' }));
  return logs.tables(Date.now() + 1000);
}

describe('systemLogQuery against the emulated KQL subset', () => {
  test.each(SYSTEM_LOG_TABLES.map((table) => [table.name, table] as const))('%s: the replicas of one execution, oldest first', (_, table) => {
    const result = runKql(systemLogQuery({ table, since: '2026-11-23T09:55:00.0000000Z', take: 100, executionName: 'migrate-db-abc1234' }), workspace(table.name));
    expect(result.columns.map((column) => column.name)).toEqual([table.columns.time, table.columns.replica, table.columns.container, table.columns.reason, table.columns.type, table.columns.log]);
    expect(result.rows.every((row) => String(row[1]).startsWith('migrate-db-abc1234-'))).toBe(true);
    expect(result.rows.map((row) => row[3])).toEqual(['AssigningReplica', 'PulledImage', 'ContainerStarted', 'ContainerTerminated']);
    expect(result.rows.at(-1)![5]).toBe("Container 'migrate' was terminated with exit code '3'");
  });

  test('job-level events by job name', () => {
    const table = SYSTEM_LOG_TABLES[0]!;
    const result = runKql(systemLogQuery({ table, since: '2026-11-23T09:55:00.0000000Z', take: 100, jobName: 'migrate-db' }), workspace(table.name));
    expect(result.rows.filter((row) => row[1] === '').map((row) => row[3])).toEqual(['DeadlineExceeded']);
  });

  test('an execution name with quotes and pipes stays one string literal', () => {
    const table = SYSTEM_LOG_TABLES[1]!;
    const query = systemLogQuery({ table, since: '2026-11-23T09:55:00.0000000Z', take: 10, executionName: 'x" or 1==1 | take 1000 | where "a' });
    expect(query).toContain('ReplicaName startswith "x\\" or 1==1 | take 1000 | where \\"a-"');
    expect(runKql(query, workspace(table.name)).rows).toEqual([]);
  });

  test('a time that is not UTC ISO 8601 is refused', () => {
    expect(() => systemLogQuery({ table: SYSTEM_LOG_TABLES[0]!, since: 'now()', take: 1, executionName: 'e' })).toThrow('Not a UTC ISO 8601 time');
  });
});
