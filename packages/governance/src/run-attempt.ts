import { failed, passed, type CheckResult } from './check-result.js';

export const RUN_ATTEMPT_CHECK = 'Run attempt';

/**
 * GET …/actions/runs/{run_id}/approvals lists the reviews of every attempt of the run, without the
 * attempt: on a re-run an approval given for an earlier attempt (and an earlier plan) would count. So
 * only the first attempt passes, unless re-runs are explicitly allowed.
 */
export function checkRunAttempt(attempt: string, allowRerun: boolean): CheckResult {
  if (!/^[1-9][0-9]{0,5}$/.test(attempt)) return failed(RUN_ATTEMPT_CHECK, `GITHUB_RUN_ATTEMPT is ${JSON.stringify(attempt)}, not a run attempt number`);
  if (attempt === '1') return passed(RUN_ATTEMPT_CHECK, 'first attempt of the run');
  if (allowRerun) return passed(RUN_ATTEMPT_CHECK, `attempt ${attempt}, accepted because allow-rerun is true (approvals of earlier attempts count too)`);
  return failed(
    RUN_ATTEMPT_CHECK,
    `this is attempt ${attempt} of the run, and GitHub lists the approvals of earlier attempts with this one, so an old approval could pass a new destroy; start a new run instead of re-running, or set allow-rerun: true`,
  );
}
