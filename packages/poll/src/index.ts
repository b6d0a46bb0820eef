export { systemClock } from './clock.js';
export type { Clock } from './clock.js';
export { Deadline, DeadlineExceededError, formatDuration } from './deadline.js';
export { backoffDelay, parseRetryAfter } from './backoff.js';
export type { BackoffOptions } from './backoff.js';
export { adaptiveSchedule, pollUntil } from './poll-until.js';
export type { PollOptions, PollSchedule } from './poll-until.js';
export { parseAzureTime } from './azure-time.js';
