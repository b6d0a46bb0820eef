import * as core from '@actions/core';

/**
 * Registers a value with the runner so it is shown as *** in every later log line. Each line of a
 * multi-line secret is registered too, as the runner masks line by line.
 */
export function maskSecret(value: string | undefined): void {
  if (!value) return;
  core.setSecret(value);
  const parts = value.split(/\r?\n/).filter((part) => part.length >= 4 && part !== value);
  for (const part of parts) core.setSecret(part);
}

/** Removes the signature and other query parameters of a SAS or token-bearing URL for logging. */
export function redactUrl(url: string): string {
  return url.replace(/\?[^\s"']*/g, (query) => (query.length > 1 ? '?<redacted>' : query));
}
