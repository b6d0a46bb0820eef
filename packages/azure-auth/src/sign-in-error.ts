/**
 * Signing in failed. `transient` marks failures worth another attempt (the token service answered
 * 429/5xx or did not answer); a refusal (wrong subject, unknown client) is final.
 */
export class SignInError extends Error {
  constructor(
    message: string,
    readonly transient: boolean,
  ) {
    super(message);
    this.name = 'SignInError';
  }
}

export function isTransientStatus(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}
