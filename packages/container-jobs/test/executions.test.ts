import { classifyStatus, isTerminalStatus } from '../src/execution-status.js';
import { executionTemplate } from '../src/start-execution.js';
import type { Job } from '../src/job-types.js';

describe('execution status', () => {
  test.each([
    ['Succeeded', 'success', true],
    ['Failed', 'failure', true],
    ['Stopped', 'failure', true],
    ['Degraded', 'failure', true],
    ['Running', 'running', false],
    ['Processing', 'running', false],
    ['Unknown', 'pending', false],
    ['Suspended', 'unknown', false],
    [undefined, 'unknown', false],
  ] as const)('%s is %s', (status, kind, terminal) => {
    expect(classifyStatus(status)).toBe(kind);
    expect(isTerminalStatus(status)).toBe(terminal);
  });
});

describe('executionTemplate', () => {
  const job: Job = {
    id: '/x',
    name: 'migrate-db',
    properties: { template: { containers: [{ name: 'migrate', image: 'm:1', args: ['up'], env: [{ name: 'A', value: '1' }, { name: 'S', secretRef: 'db' }] }, { name: 'sidecar', image: 's:1' }] } },
  };
  test('no overrides: the job template is used', () => expect(executionTemplate(job, {})).toBeUndefined());
  test('overrides change one container and keep the others and secrets', () => {
    const template = executionTemplate(job, { containerName: 'migrate', args: ['down', '1'], env: [{ name: 'A', value: '2' }, { name: 'B', value: 'x' }] })!;
    expect(template.containers).toEqual([
      { name: 'migrate', image: 'm:1', args: ['down', '1'], env: [{ name: 'S', secretRef: 'db' }, { name: 'A', value: '2' }, { name: 'B', value: 'x' }] },
      { name: 'sidecar', image: 's:1' },
    ]);
    expect(job.properties.template!.containers![0]!.args).toEqual(['up']);
  });
  test('several containers need a name', () => expect(() => executionTemplate(job, { args: ['x'] })).toThrow('Set container-name'));
});
