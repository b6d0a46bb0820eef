import { selectContainer } from '../src/select-container.js';
import type { Job } from '../src/job-types.js';

const job = (names: string[]): Job => ({ id: '/x', name: 'migrate-db', properties: { template: { containers: names.map((name) => ({ name, image: `${name}:1` })) } } });

describe('selectContainer', () => {
  test('the only container is used without a name', () => expect(selectContainer(job(['migrate']), undefined).name).toBe('migrate'));
  test('a named container is found', () => expect(selectContainer(job(['a', 'b']), 'b').name).toBe('b'));
  test('several containers need a name', () => expect(() => selectContainer(job(['a', 'b']), undefined)).toThrow("Job 'migrate-db' has 2 containers (a, b). Set container-name to the one to use."));
  test('an unknown name lists the containers', () => expect(() => selectContainer(job(['a']), 'z')).toThrow("Job 'migrate-db' has no container named 'z'. Its containers: a."));
  test('no containers', () => expect(() => selectContainer(job([]), undefined)).toThrow('has no containers'));
});
