import { checkEvent, checkRef } from '../src/ref-event.js';

describe('checkRef / checkEvent', () => {
  test('the ref must be one of the allowed refs, exactly', () => {
    expect(checkRef('refs/heads/main', ['refs/heads/main']).passed).toBe(true);
    expect(checkRef('refs/tags/v1', ['refs/heads/main', 'refs/tags/v1']).passed).toBe(true);
    const wrong = checkRef('refs/heads/feature', ['refs/heads/main']);
    expect(wrong.passed).toBe(false);
    expect(wrong.detail).toBe('refs/heads/feature is not one of the allowed refs: refs/heads/main');
    expect(checkRef('refs/heads/main-old', ['refs/heads/main']).passed).toBe(false);
    expect(checkRef('', ['refs/heads/main']).detail).toContain('(none)');
  });

  test('the event must be allowed', () => {
    expect(checkEvent('workflow_dispatch', ['workflow_dispatch']).passed).toBe(true);
    const wrong = checkEvent('schedule', ['workflow_dispatch']);
    expect(wrong.passed).toBe(false);
    expect(wrong.detail).toBe('schedule is not one of the allowed events: workflow_dispatch');
  });
});
