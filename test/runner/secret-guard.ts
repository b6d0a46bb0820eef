/**
 * Secret hygiene for every step the harness runs: the emulator registers each secret it hands out
 * (tokens, assertions, SAS signatures, secret values) and runStep fails when any of them — or anything
 * shaped like a JWT or an unredacted SAS signature — appears in what a person could read.
 */
const secrets = new Set<string>();

export function registerSecret(value: string | undefined): void {
  if (value && value.length >= 6) secrets.add(value);
}

const JWT = /eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/;
const SAS_SIGNATURE = /[?&]sig=[A-Za-z0-9%+/=]{8,}/;

/** Descriptions of every leak found in the text (never the secret itself). */
export function findLeaks(text: string): string[] {
  const leaks: string[] = [];
  const jwt = JWT.exec(text);
  if (jwt) leaks.push(`a JWT near "${text.slice(Math.max(0, jwt.index - 40), jwt.index).replace(/\s+/g, ' ')}"`);
  const sas = SAS_SIGNATURE.exec(text);
  if (sas) leaks.push(`a SAS signature near "${text.slice(Math.max(0, sas.index - 60), sas.index).replace(/\s+/g, ' ')}"`);
  for (const secret of secrets) {
    const at = text.indexOf(secret);
    if (at >= 0) leaks.push(`a registered secret (${secret.length} chars) near "${text.slice(Math.max(0, at - 40), at).replace(/\s+/g, ' ')}"`);
  }
  return leaks;
}
