import type { SystemEvent } from '@te-actions/log-follow';
import { explainFailure, oneLine, type FailureEvidence } from '../src/failure-reason.js';
import { ConsoleTail } from '../src/console-tail.js';

const event = (reason: string, log: string, type = 'Warning', replica = 'migrate-db-abc1234-x1y2z'): SystemEvent => ({ time: '2026-11-23T10:00:00.0000000Z', replica, container: '', reason, type, log });
const evidence = (more: Partial<FailureEvidence>): FailureEvidence => ({ events: [], containers: [], images: { migrate: 'contoso.azurecr.io/migrations:1.4.2' }, ...more });

describe('explainFailure', () => {
  test('an exit code with the console error line', () => {
    const reason = explainFailure(evidence({ events: [event('ContainerStarted', "Started container 'migrate'", 'Normal'), event('ContainerTerminated', "Container 'migrate' was terminated with exit code '3'")], errorLine: 'ERROR:  relation "customer_tier" does not exist' }));
    expect(reason).toEqual({ text: 'container migrate exited with code 3: ERROR: relation "customer_tier" does not exist', decisive: true });
  });

  test('exit code 0 is not a reason', () => {
    expect(explainFailure(evidence({ events: [event('ContainerTerminated', "Container 'migrate' was terminated with exit code '0'", 'Normal')] }))).toBeUndefined();
  });

  test('the deadline wins over the exit code it caused', () => {
    const reason = explainFailure(evidence({ events: [event('ContainerTerminated', "Container 'migrate' was terminated with exit code '143'"), event('DeadlineExceeded', 'Job was active longer than specified deadline', 'Warning', '')], replicaTimeoutSeconds: 600 }));
    expect(reason?.text).toBe("the execution ran longer than the job's replica timeout (10 min): Job was active longer than specified deadline");
  });

  test('an image pull failure, from the event or from the container state', () => {
    expect(explainFailure(evidence({ events: [event('ContainerTerminated', "Container 'migrate' was terminated with exit code '' and reason 'ImagePullFailure'")] }))?.text).toBe(
      "container migrate could not pull its image contoso.azurecr.io/migrations:1.4.2: Container 'migrate' was terminated with exit code '' and reason 'ImagePullFailure'",
    );
    expect(explainFailure(evidence({ containers: [{ replica: 'r', container: 'migrate', runningState: 'Waiting', runningStateDetails: 'Container is waiting with reason: ErrImagePull' }] }))?.text).toBe(
      'container migrate could not pull its image contoso.azurecr.io/migrations:1.4.2: Container is waiting with reason: ErrImagePull',
    );
  });

  test('a back-off without an exit code', () => {
    const reason = explainFailure(evidence({ containers: [{ replica: 'r', container: 'migrate', runningState: 'Waiting', runningStateDetails: 'Container is waiting with reason: CrashLoopBackOff', restartCount: 13 }], errorLine: 'panic: no config' }));
    expect(reason).toEqual({ text: 'container migrate kept failing to start (CrashLoopBackOff, restarted 13 time(s): Container is waiting with reason: CrashLoopBackOff): panic: no config', decisive: true });
  });

  test('another warning is a reason, but not a decisive one', () => {
    expect(explainFailure(evidence({ events: [event('AssigningReplicaFailed', 'Failed to assign the replica')] }))).toEqual({ text: 'AssigningReplicaFailed: Failed to assign the replica', decisive: false });
  });

  test('remote text becomes one bounded line without control characters', () => {
    expect(oneLine('a\r\nb\u001b[31m\tc\u2028d')).toBe('a b [31m c d');
    expect(oneLine('x'.repeat(400))).toHaveLength(300);
  });
});

describe('ConsoleTail', () => {
  test('keeps the last lines and picks the error line', () => {
    const tail = new ConsoleTail(3);
    for (const text of ['one', 'ERROR: first', 'two', 'three', 'four']) tail.push({ stream: 'stdout', text });
    expect(tail.texts()).toEqual(['two', 'three', 'four']);
    expect(tail.errorLine()).toBe('ERROR: first');
    const plain = new ConsoleTail(3);
    plain.push({ stream: 'stderr', text: 'to stderr' });
    plain.push({ stream: 'stdout', text: 'last' });
    expect(plain.errorLine()).toBe('to stderr');
  });
});

describe('ExecutionLogFile', () => {
  test('writes every line; a directory that cannot be made is reported, not thrown', async () => {
    const { mkdtempSync, readFileSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { ExecutionLogFile } = await import('../src/execution-log-file.js');
    const dir = mkdtempSync(join(tmpdir(), 'te-log-file-'));
    const file = new ExecutionLogFile('migrate-db-abc/../x', dir);
    expect(file.path).toBe(join(dir, 'run-job-and-wait-migrate-db-abc____x.log'));
    file.line('one');
    file.line('two ::error::x');
    expect(await file.close()).toBeUndefined();
    expect(readFileSync(file.path, 'utf8')).toBe('one\ntwo ::error::x\n');
    writeFileSync(join(dir, 'a-file'), '');
    const broken = new ExecutionLogFile('e', join(dir, 'a-file', 'sub'));
    broken.line('lost');
    expect((await broken.close())?.message).toMatch(/ENOTDIR|EEXIST|ENOENT/);
  });
});
