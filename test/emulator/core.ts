import { randomUUID } from 'node:crypto';
import { FaultPlan } from './faults.ts';
import { defaultIdentity, type IdentityConfig, type IdentityStats } from './identity.ts';
import type { SigningKeys } from './signing-keys.ts';

export interface RecordedRequest {
  routeId: string;
  method: string;
  path: string;
  query: string;
  body: unknown;
  at: number;
  /** The status the emulator answered, or 'reset'. */
  outcome?: number | 'reset';
}

interface Operation {
  id: string;
  status: 'InProgress' | 'Succeeded' | 'Failed';
  doneAt: number;
  startTime: string;
  endTime?: string;
  complete: () => void;
  failWith?: { code: string; message: string };
}

/** State and services every route module shares. */
export class EmulatorCore {
  readonly identity: IdentityConfig = defaultIdentity();
  readonly stats: IdentityStats = { idTokensIssued: 0, accessTokensIssued: 0, assertionsAccepted: [], expiredAccessTokensSeen: 0 };
  readonly faults = new FaultPlan();
  readonly requests: RecordedRequest[] = [];
  readonly keys: SigningKeys;
  private readonly operations = new Map<string, Operation>();
  base = '';

  constructor(keys: SigningKeys) {
    this.keys = keys;
  }

  /** Requests of one route, in order. */
  requestsTo(routeId: string): RecordedRequest[] {
    return this.requests.filter((request) => request.routeId === routeId);
  }

  /** Starts an ARM async operation that completes (runs `complete`) `delayMs` after now. */
  startOperation(delayMs: number, complete: () => void, failWith?: { code: string; message: string }): Operation {
    const operation: Operation = { id: randomUUID(), status: 'InProgress', doneAt: Date.now() + delayMs, startTime: new Date().toISOString(), complete, failWith };
    this.operations.set(operation.id, operation);
    return operation;
  }

  /** The operation's state, advancing it when its time has come. */
  operation(id: string): Operation | undefined {
    const operation = this.operations.get(id);
    if (operation && operation.status === 'InProgress' && Date.now() >= operation.doneAt) {
      operation.endTime = new Date().toISOString();
      if (operation.failWith) operation.status = 'Failed';
      else {
        operation.complete();
        operation.status = 'Succeeded';
      }
    }
    return operation;
  }
}
