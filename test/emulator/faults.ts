/** One fault: applied to the next `times` requests of a route (or every route with '*'). */
export interface Fault {
  route: string;
  /** Answer with this status instead of handling the request. */
  status?: number;
  /** Retry-After header, seconds. */
  retryAfter?: number;
  /** Body sent with `status`. */
  body?: unknown;
  /** Destroy the connection without answering. */
  reset?: boolean;
  /** Delay before handling (or before the fault). */
  latencyMs?: number;
  /** How many requests it applies to; default 1, Infinity for all. */
  times?: number;
}

export class FaultPlan {
  private readonly faults: (Fault & { left: number })[] = [];

  inject(...faults: Fault[]): void {
    for (const fault of faults) this.faults.push({ ...fault, left: fault.times ?? 1 });
  }

  clear(): void {
    this.faults.length = 0;
  }

  /** The fault for this request, consuming one use of it. */
  take(routeId: string): Fault | undefined {
    const index = this.faults.findIndex((fault) => fault.left > 0 && (fault.route === routeId || fault.route === '*'));
    if (index < 0) return undefined;
    const fault = this.faults[index]!;
    fault.left--;
    return fault;
  }
}
