/** A parsed `uses:` value of a step or of a job that calls a reusable workflow. */
export type UsesReference =
  | { kind: 'local'; path: string }
  | { kind: 'docker'; image: string }
  | { kind: 'remote'; owner: string; repo: string; path: string; ref: string };

export function parseUses(uses: string): UsesReference | undefined {
  const value = uses.trim();
  if (value.startsWith('./')) return { kind: 'local', path: value.slice(2).replace(/\/+$/, '') };
  if (value.startsWith('docker://')) return { kind: 'docker', image: value.slice('docker://'.length) };
  const match = /^([A-Za-z0-9_.-]+)\/([A-Za-z0-9_.-]+)(?:\/([^@]+))?@(.+)$/.exec(value);
  if (!match) return undefined;
  return { kind: 'remote', owner: match[1]!, repo: match[2]!, path: match[3] ?? '', ref: match[4]! };
}

/** A full 40-hex commit SHA: the only immutable ref of a third-party action. */
export const FULL_SHA = /^[0-9a-f]{40}$/;
