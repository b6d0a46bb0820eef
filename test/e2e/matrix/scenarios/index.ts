import type { Scenario } from '../scenario.ts';
import { acrRemoteBuild } from './acr-remote-build.ts';
import { changeTicketSummary } from './change-ticket-summary.ts';
import { destroyGuard } from './destroy-guard.ts';
import { pgRestore } from './pg-restore.ts';
import { pgRestorePoint } from './pg-restore-point.ts';
import { runJobAndWait } from './run-job-and-wait.ts';
import { streamLogAnalytics } from './stream-log-analytics.ts';
import { updateJobImage } from './update-job-image.ts';

/** One scenario per action; each runs in its own test file (fault-matrix-<action>.test.ts) so they run in parallel. */
export const SCENARIOS: Scenario[] = [acrRemoteBuild, changeTicketSummary, destroyGuard, pgRestore, pgRestorePoint, runJobAndWait, streamLogAnalytics, updateJobImage];
