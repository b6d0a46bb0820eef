import type { FlexibleServer } from './server-types.js';

export class ServerNotReadyError extends Error {
  constructor(readonly server: FlexibleServer, readonly state: string, doing: string) {
    super(
      `PostgreSQL server '${server.name}' is in state '${state}', not 'Ready', so ${doing} was not started. ` +
        'Wait until the server is Ready (a stopped server must be started first) and run the step again.',
    );
    this.name = 'ServerNotReadyError';
  }
}

export function serverState(server: FlexibleServer): string {
  return server.properties.state ?? 'unknown';
}

/** Refuses, naming the state, unless the server is Ready. */
export function requireReady(server: FlexibleServer, doing: string): void {
  const state = serverState(server);
  if (state !== 'Ready') throw new ServerNotReadyError(server, state, doing);
}
