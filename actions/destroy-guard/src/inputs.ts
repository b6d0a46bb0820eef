import { boolean, InputError, maskSecret, quote, rawInput, requiredString } from '@te-actions/action-kit';
import { PERSON_TRIGGERED_EVENTS, type DestroyGuardOptions } from '@te-actions/governance';

export type GuardInputs = DestroyGuardOptions;

/** Entries of a list input separated by commas or new lines. */
function list(name: string): string[] {
  return rawInput(name)
    .split(/[\n,]/)
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
}

function expectedPhrase(): string {
  const expected = rawInput('expected', false);
  const form = 'one line of visible characters without leading or trailing whitespace, e.g. PROD-DESTROY-CONFIRM';
  if (expected === '') throw new InputError('expected', 'is empty', form);
  if (/[\u0000-\u001f\u007f]/.test(expected)) throw new InputError('expected', 'contains a line break or control character', form);
  if (expected !== expected.trim()) throw new InputError('expected', 'has leading or trailing whitespace', form);
  return expected;
}

function environmentName(): string {
  const environment = requiredString('environment', 'the name of the protected GitHub environment this job runs in, e.g. production');
  if (environment.length > 255 || /[\u0000-\u001f\u007f]/.test(environment)) {
    throw new InputError('environment', `has the value ${quote(environment)}`, 'a GitHub environment name: one line of at most 255 characters');
  }
  return environment;
}

function allowedRefs(): string[] {
  const refs = list('allowed-refs');
  const form = 'full ref names separated by commas or new lines, e.g. refs/heads/main, refs/tags/v1.2.0';
  if (refs.length === 0) throw new InputError('allowed-refs', 'is empty', form);
  for (const ref of refs) {
    if (!/^refs\/(heads|tags)\/[^\s*?[\]~^:\\]+$/.test(ref)) throw new InputError('allowed-refs', `has the entry ${quote(ref)}`, form);
  }
  return refs;
}

function allowedEvents(): string[] {
  const events = list('allowed-events');
  const form = `events that a person triggers, from ${PERSON_TRIGGERED_EVENTS.join(', ')}`;
  if (events.length === 0) throw new InputError('allowed-events', 'is empty', form);
  for (const event of events) {
    if (!(PERSON_TRIGGERED_EVENTS as readonly string[]).includes(event)) throw new InputError('allowed-events', `has the entry ${quote(event)}, which is not an event a person triggers`, form);
  }
  return events;
}

/** Every input, validated before any call to GitHub. */
export function readGuardInputs(): GuardInputs {
  const token = requiredString('github-token', 'a token that can read the repository environments and run approvals (default ${{ github.token }})');
  maskSecret(token);
  const requireReviewers = boolean('require-reviewers', true);
  const requireApprovalByOther = boolean('require-approval-by-other', true);
  if (requireApprovalByOther && !requireReviewers) {
    throw new InputError('require-approval-by-other', 'is true while require-reviewers is false (without required reviewers there is no approval to check)', 'require-approval-by-other: false when require-reviewers is false');
  }
  return {
    confirmation: rawInput('confirmation', false),
    expected: expectedPhrase(),
    environment: environmentName(),
    requireReviewers,
    requireApprovalByOther,
    allowRerun: boolean('allow-rerun', false),
    allowedRefs: allowedRefs(),
    allowedEvents: allowedEvents(),
    token,
  };
}
