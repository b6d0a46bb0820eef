import { existsSync, readFileSync } from 'node:fs';
import { VALID_INPUTS } from '../baselines.ts';
import type { Expectation, Scenario } from '../scenario.ts';

const OFFLINE = 'change-ticket-summary makes no network call and starts no remote work: the network-failure cases show it does not depend on any service.';

/** Recorded locally, without a single request. */
const recordsOffline: Expectation = {
  exitCode: 0,
  remote: (emulator, main) => {
    expect(emulator.core.requests).toEqual([]);
    expect(main.outputs.ticket).toBe('CHG-2026-001');
    const file = main.outputs['audit-file']!;
    expect(existsSync(file)).toBe(true);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ ticket: 'CHG-2026-001', action: 'deploy', environment: 'production' });
  },
};

export const changeTicketSummary: Scenario = {
  action: 'change-ticket-summary',
  inputs: VALID_INPUTS['change-ticket-summary']!,
  notApplicable: {
    throttled: OFFLINE,
    'slow-response': OFFLINE,
    'past-deadline': OFFLINE,
    'lro-failed': OFFLINE,
    'token-endpoint': OFFLINE,
    'token-expiry': OFFLINE,
    'id-token': OFFLINE,
    sigint: 'change-ticket-summary finishes in a fraction of a second with nothing remote to stop; a SIGINT could only race its exit.',
  },
  cases: [
    {
      kind: 'server-error',
      name: 'every Azure and GitHub endpoint answering 503: recorded anyway, no request made',
      arrange: (emulator) => emulator.inject({ route: '*', status: 503, times: Infinity }),
      expect: recordsOffline,
    },
    {
      kind: 'connection-reset',
      name: 'every endpoint dropping connections: recorded anyway, no request made',
      arrange: (emulator) => emulator.inject({ route: '*', reset: true, times: Infinity }),
      expect: recordsOffline,
    },
    {
      kind: 'github-api',
      name: 'the GitHub API failing (401 everywhere): recorded from the run context alone',
      arrange: (emulator) => emulator.inject({ route: '*', status: 401, times: Infinity }),
      expect: recordsOffline,
    },
  ],
};
