// References of the reusable workflows and examples to this repository's actions and reusable workflows,
// `<owner>/<repo>/<action>@<ref>` and `<owner>/<repo>/.github/workflows/<file>@<ref>`: finding them and
// re-pointing them at another published location (a fork, a release tag, a commit).

export interface PublishedLocation {
  owner: string;
  repo: string;
  ref: string;
}

export interface PublishedReference extends PublishedLocation {
  path: string;
  /** Offset of "<owner>/" in the text. */
  index: number;
}

/** What counts as ours: the root action folders and the reusable workflow files. */
export interface OwnPaths {
  actions: string[];
  workflows: string[];
}

const USES = /(\buses:[ \t]*['"]?)([A-Za-z0-9_.-]+)\/([A-Za-z0-9_.-]+)\/([^@\s'"]+)@([^\s'"#]+)/g;

export function parseLocation(value: string): PublishedLocation {
  const match = /^([A-Za-z0-9](?:[A-Za-z0-9-]{0,38}))\/([A-Za-z0-9_.-]{1,100})@([A-Za-z0-9_][A-Za-z0-9_./-]{0,254})$/.exec(value.trim());
  if (!match || match[3]!.includes('..')) {
    throw new Error(`"${value}" is not a published location: expected <owner>/<repo>@<ref>, e.g. contoso/te-actions@v1 or my-org/te-actions@3f2c...(a full commit SHA)`);
  }
  return { owner: match[1]!, repo: match[2]!, ref: match[3]! };
}

export function formatLocation(location: PublishedLocation): string {
  return `${location.owner}/${location.repo}@${location.ref}`;
}

function isOwn(path: string, own: OwnPaths): boolean {
  if (own.actions.includes(path)) return true;
  const workflow = /^\.github\/workflows\/([^/]+)$/.exec(path)?.[1];
  return workflow !== undefined && own.workflows.includes(workflow);
}

export function findPublishedReferences(text: string, own: OwnPaths): PublishedReference[] {
  const found: PublishedReference[] = [];
  for (const match of text.matchAll(USES)) {
    const [, prefix, owner, repo, path, ref] = match as unknown as [string, string, string, string, string, string];
    if (isOwn(path, own)) found.push({ owner, repo, path, ref, index: match.index! + prefix.length });
  }
  return found;
}

export function repointPublishedReferences(text: string, target: PublishedLocation, own: OwnPaths): string {
  return text.replace(USES, (whole, prefix: string, _owner: string, _repo: string, path: string) => (isOwn(path, own) ? `${prefix}${target.owner}/${target.repo}/${path}@${target.ref}` : whole));
}
