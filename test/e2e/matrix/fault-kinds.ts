/** The faults of the matrix. Every scenario has cases for each kind, or says why the kind does not apply. */
export const FAULT_KINDS = {
  throttled: 'HTTP 429 with Retry-After',
  'server-error': 'HTTP 500 / 503',
  'connection-reset': 'the connection is dropped without an answer',
  'slow-response': 'answers arrive late (latency)',
  'past-deadline': "the remote work outlives the action's own time limit",
  'lro-failed': 'a long-running operation or remote run ends Failed',
  'token-endpoint': 'the Entra ID token endpoint fails once (recovery) or for good (clear failure)',
  'token-expiry': 'the access token and ID token expire while the step runs',
  'id-token': "the runner's GitHub ID token service fails",
  'github-api': 'the GitHub REST API answers with an error',
  sigint: 'the workflow is cancelled (SIGINT, then SIGTERM) in each phase; the post step runs too',
} as const;

export type FaultKind = keyof typeof FAULT_KINDS;
