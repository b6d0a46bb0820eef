import type { RestClient } from '@te-actions/azure-auth';
import { adaptiveSchedule, Deadline, pollUntil } from '@te-actions/poll';
import { findServer } from './get-server.js';
import { serverState } from './server-state.js';
import type { FlexibleServer, ServerRef } from './server-types.js';

const FAILED_STATES = new Set(['Disabled', 'Dropping']);

/** Polls a server until its state is Ready; a state that never becomes Ready fails at once. */
export async function waitForServerReady(arm: RestClient, ref: ServerRef, deadline: Deadline, pollIntervalMs = 2000): Promise<FlexibleServer> {
  return pollUntil({
    signal: arm.signal,
    deadline,
    schedule: adaptiveSchedule(pollIntervalMs, { steadyForMs: 60_000, maxMs: 30_000 }),
    check: async () => {
      const server = await findServer(arm, ref);
      if (!server) return undefined;
      const state = serverState(server);
      if (state === 'Ready') return server;
      if (FAILED_STATES.has(state)) throw new Error(`PostgreSQL server '${ref.serverName}' is in state '${state}' instead of becoming Ready.`);
      return undefined;
    },
  });
}
