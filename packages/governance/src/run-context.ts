import { ActionError } from '@te-actions/action-kit';

/** The workflow run this step belongs to, from the runner's GITHUB_* variables. */
export interface RunContext {
  owner: string;
  repo: string;
  repository: string;
  runId: number;
  runAttempt: string;
  /** github.actor: who started the run. */
  actor: string;
  /** github.triggering_actor: who started this attempt (a re-run), else the actor. */
  triggeringActor: string;
  eventName: string;
  ref: string;
  sha: string;
  workflow: string;
  job: string;
  serverUrl: string;
  /** Link to the run attempt in the GitHub UI. */
  runUrl: string;
}

/** Reads the run context; a missing repository or run id (not on a runner) is an error, since nothing can be checked. */
export function readRunContext(env: NodeJS.ProcessEnv = process.env): RunContext {
  const repository = env.GITHUB_REPOSITORY ?? '';
  const match = /^([A-Za-z0-9_.-]+)\/([A-Za-z0-9_.-]+)$/.exec(repository);
  if (!match) throw new ActionError(`GITHUB_REPOSITORY is ${repository ? JSON.stringify(repository) : 'not set'}; expected owner/name as the Actions runner sets it.`);
  const runIdText = env.GITHUB_RUN_ID ?? '';
  if (!/^[1-9][0-9]{0,19}$/.test(runIdText)) throw new ActionError(`GITHUB_RUN_ID is ${runIdText ? JSON.stringify(runIdText) : 'not set'}; expected the numeric run id the Actions runner sets.`);
  const serverUrl = (env.GITHUB_SERVER_URL || 'https://github.com').replace(/\/+$/, '');
  const runAttempt = env.GITHUB_RUN_ATTEMPT || '1';
  const actor = env.GITHUB_ACTOR ?? '';
  return {
    owner: match[1]!,
    repo: match[2]!,
    repository,
    runId: Number(runIdText),
    runAttempt,
    actor,
    triggeringActor: env.GITHUB_TRIGGERING_ACTOR || actor,
    eventName: env.GITHUB_EVENT_NAME ?? '',
    ref: env.GITHUB_REF ?? '',
    sha: env.GITHUB_SHA ?? '',
    workflow: env.GITHUB_WORKFLOW ?? '',
    job: env.GITHUB_JOB ?? '',
    serverUrl,
    runUrl: `${serverUrl}/${repository}/actions/runs/${runIdText}/attempts/${encodeURIComponent(runAttempt)}`,
  };
}
