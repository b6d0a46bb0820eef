import { failed, passed, type CheckResult } from './check-result.js';

export const REF_CHECK = 'Ref';
export const EVENT_CHECK = 'Event';

/** Events that a person starts on purpose; automatic triggers (schedule, workflow_run, pull requests) are never allowed. */
export const PERSON_TRIGGERED_EVENTS = ['workflow_dispatch', 'repository_dispatch', 'push', 'release', 'deployment'] as const;

/** The run's ref must be one of the allowed refs (compared exactly). */
export function checkRef(ref: string, allowedRefs: readonly string[]): CheckResult {
  if (ref && allowedRefs.includes(ref)) return passed(REF_CHECK, `${ref} is allowed`);
  return failed(REF_CHECK, `${ref || '(none)'} is not one of the allowed refs: ${allowedRefs.join(', ')}`);
}

/** The run's event must be one of the allowed events. */
export function checkEvent(event: string, allowedEvents: readonly string[]): CheckResult {
  if (event && allowedEvents.includes(event)) return passed(EVENT_CHECK, `${event} is allowed`);
  return failed(EVENT_CHECK, `${event || '(none)'} is not one of the allowed events: ${allowedEvents.join(', ')}`);
}
