/**
 * Every third-party action the workflows may pin, by commit SHA, with the release the SHA is and the runtime
 * its action.yml declares at that commit (read there: `runs.using`). GitHub removed the Node 20 runtime
 * from hosted runners in 2026-09, so a JavaScript action must declare node24. A new pin (a Dependabot
 * update) is added here only after reading its action.yml at the new commit.
 */
export interface PinnedAction {
  /** owner/repo, as in `uses:` */
  action: string;
  version: string;
  sha: string;
  /** `runs.using` in action.yml at `sha` */
  using: 'node24' | 'composite' | 'docker';
}

export const PINNED_ACTIONS: readonly PinnedAction[] = [
  { action: 'actions/checkout', version: 'v7.0.1', sha: '3d3c42e5aac5ba805825da76410c181273ba90b1', using: 'node24' },
  { action: 'actions/setup-node', version: 'v7.0.0', sha: '820762786026740c76f36085b0efc47a31fe5020', using: 'node24' },
  { action: 'actions/upload-artifact', version: 'v7.0.0', sha: 'bbbca2ddaa5d8feaa63e36b76fdaad77386f024f', using: 'node24' },
  { action: 'actions/download-artifact', version: 'v8.0.1', sha: '3e5f45b2cfb9172054b4087a40e8e0b5a5461e7c', using: 'node24' },
  { action: 'hashicorp/setup-terraform', version: 'v4.0.1', sha: 'dfe3c3f87815947d99a8997f908cb6525fc44e9e', using: 'node24' },
];
