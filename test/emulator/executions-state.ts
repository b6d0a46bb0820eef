import { randomBytes, randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import type { EmulatedJob } from './container-apps-state.ts';
import type { LogAnalyticsState } from './log-analytics-state.ts';
import { registerSecret } from '../runner/secret-guard.ts';
import type { ReplicaFailure } from './system-logs.ts';

/**
 * JobExecutionRunningState values. The enum is extensible (modelAsString), so a script may also
 * end on a value no client knows: an explicit fault case.
 */
export type FinalStatus = 'Succeeded' | 'Failed' | 'Stopped' | 'Degraded' | 'Unknown' | (string & {});

/** How the next execution of a job behaves. */
export interface ExecutionScript {
  /** Time from start to the final status. */
  durationMs: number;
  finalStatus: FinalStatus;
  /** Never finish on its own (until stopped). */
  hang?: boolean;
  /** Console lines, written evenly over the run; a number generates `line 1` ... `line N`. */
  lines?: string[] | number;
  /** Lines also written to stderr (by index). */
  stderrEvery?: number;
  /** Time in Processing before Running. */
  processingMs?: number;
  /** Why the replica fails, as the system log and the replica states show it (system-logs.ts). */
  failure?: ReplicaFailure;
  /** Time in Unknown after the start; default ExecutionsState.unknownMs. */
  unknownMs?: number;
  /** Work done when the execution starts (e.g. applying SQL); its outcome replaces lines and finalStatus. */
  work?: () => Promise<{ lines: string[]; finalStatus: FinalStatus }>;
}

export interface EmulatedExecution {
  name: string;
  job: EmulatedJob;
  template: Record<string, any>;
  script: ExecutionScript;
  status: string;
  startedAt: number;
  startTime: string;
  endTime?: string;
  /** Date.now() when the execution reached its final status (a stopped one has no endTime). */
  endedAt?: number;
  stoppedAt?: number;
  replicaName: string;
  containerNames: string[];
  /** Lines written so far, in order (for the live stream's tail and tests). */
  written: { time: string; container: string; stream: 'stdout' | 'stderr'; log: string }[];
  listeners: Set<ServerResponse>;
  clock: LineClock;
  replicaGoneAt?: number;
  timer?: NodeJS.Timeout;
}

function executionId(job: EmulatedJob, name: string): string {
  return `${job.resource.id}/executions/${name}`;
}

/** 100-ns precision ISO times, increasing per line so the log's order is the time order. */
class LineClock {
  private ms = 0;
  private tick = 0;
  next(now: number): string {
    if (now > this.ms) {
      this.ms = now;
      this.tick = 0;
    } else if (++this.tick > 9999) {
      this.ms++;
      this.tick = 0;
    }
    return `${new Date(this.ms).toISOString().slice(0, 23)}${String(this.tick).padStart(4, '0')}Z`;
  }
}

/**
 * The execution engine: starts executions as scripted (duration, final status, hang), writes their
 * console lines to the live stream and the emulated Log Analytics workspace, stops them on request.
 */
export class ExecutionsState {
  readonly executions = new Map<string, EmulatedExecution>();
  private readonly scripts = new Map<string, ExecutionScript[]>();
  defaultScript: ExecutionScript = { durationMs: 1500, finalStatus: 'Succeeded', lines: 5 };
  /**
   * How long after a stop the execution reads `Stopped` (seconds, without an endTime, as the
   * recorded stops show: the stop answers 200 at once and the status follows later).
   */
  stopDelayMs = 2000;
  /** A new execution's status reads `Unknown` this long before Running (its first seconds). */
  unknownMs = 1000;
  /**
   * How the start answers. 'immediate' is what Azure does: 200 with `{id, name}` at once.
   * 'accepted' (202 + Location, a result that names the execution after `startDelayMs`) is an
   * opt-in case the client must still cope with, polling with GETs and never re-sending the POST.
   */
  startShape: 'immediate' | 'accepted' = 'immediate';
  /** How long the 'accepted' start operation stays in progress. */
  startDelayMs = 200;
  /**
   * The stop's 200 body: a JSON string by default; 'empty' is the bodiless 200 that azure-cli pull
   * requests 29907 and 30941 describe for api-version 2024-03-01. Clients must accept both.
   */
  stopAnswer: 'string' | 'empty' = 'string';
  /** Replicas disappear this long after the execution ends. */
  replicaLingerMs = 1000;
  /** Serve live log streams; when false, the replica list has no logStreamEndpoint. */
  liveStream = true;
  /** Close each live stream abruptly after this many lines (a broken connection). */
  liveStreamBreakAfter: number | undefined;
  /**
   * End a live stream cleanly after this long without a line although the container still runs, as
   * the service does with idle streams (Azure/azure-cli issues 28267 and 33487: `az containerapp
   * logs show --follow` stops after a quiet period).
   */
  liveStreamIdleCloseMs: number | undefined;
  /** Log stream token lifetime. */
  tokenLifetimeMs = 60 * 60_000;
  readonly tokens = new Map<string, number>();
  /** Workspace the managed environments report; undefined = no Log Analytics destination. */
  workspaceId: string | undefined;
  /** Called when an execution reaches its final status (system events). */
  onEnded: ((execution: EmulatedExecution) => void) | undefined;
  /** Extra container fields of the replicas list (container states). */
  replicaContainerState: ((execution: EmulatedExecution, container: string) => Record<string, unknown>) | undefined;

  private readonly logs: LogAnalyticsState;

  constructor(logs: LogAnalyticsState) {
    this.logs = logs;
    this.workspaceId = logs.workspaceId;
  }

  /** Scripts the next executions of a job (in order); later starts use defaultScript. */
  script(jobName: string, ...scripts: ExecutionScript[]): void {
    this.scripts.set(jobName.toLowerCase(), [...(this.scripts.get(jobName.toLowerCase()) ?? []), ...scripts]);
  }

  find(job: EmulatedJob, name: string): EmulatedExecution | undefined {
    const execution = this.executions.get(name.toLowerCase());
    return execution && execution.job === job ? execution : undefined;
  }

  start(job: EmulatedJob, template: Record<string, any>): EmulatedExecution {
    const script = this.scripts.get(job.name.toLowerCase())?.shift() ?? this.defaultScript;
    const name = `${job.name}-${randomBytes(4).toString('hex').slice(0, 7)}`;
    const containers = (template.containers ?? []) as { name: string }[];
    const now = Date.now();
    const execution: EmulatedExecution = {
      name,
      job,
      template,
      script,
      status: 'Unknown',
      startedAt: now,
      startTime: new Date(now).toISOString().replace(/\.\d+Z$/, '+00:00'),
      replicaName: `${name}-${randomBytes(3).toString('hex').slice(0, 5)}`,
      containerNames: containers.map((container) => container.name),
      written: [],
      listeners: new Set(),
      clock: new LineClock(),
    };
    this.executions.set(name.toLowerCase(), execution);
    this.run(execution);
    return execution;
  }

  private run(execution: EmulatedExecution): void {
    const { script } = execution;
    if (script.work) {
      const settle = (outcome: { lines: string[]; finalStatus: FinalStatus }) => {
        execution.script = { ...execution.script, ...outcome };
        if (!execution.endTime) this.run(execution);
      };
      execution.script = { ...script, work: undefined };
      script.work().then(settle, (error: unknown) => settle({ lines: [String(error)], finalStatus: 'Failed' }));
      return;
    }
    const texts = typeof script.lines === 'number' ? Array.from({ length: script.lines }, (_, index) => `line ${index + 1}`) : (script.lines ?? []);
    const container = execution.containerNames[0] ?? execution.job.name;
    const spanMs = script.hang ? Math.max(200, script.durationMs) : Math.max(1, script.durationMs - 100);
    const unknownMs = script.unknownMs ?? this.unknownMs;
    let next = 0;
    const tick = () => {
      const now = Date.now();
      if (execution.endedAt !== undefined) return;
      // Unknown first (no replica yet), then Processing, then Running; the script's time starts after Unknown.
      const elapsed = now - execution.startedAt - unknownMs;
      if (elapsed < 0) {
        execution.timer = setTimeout(tick, 20);
        execution.timer.unref();
        return;
      }
      if (execution.status === 'Unknown') execution.status = script.processingMs ? 'Processing' : 'Running';
      if (execution.status === 'Processing' && elapsed >= (script.processingMs ?? 0)) execution.status = 'Running';
      const due = Math.min(texts.length, Math.ceil((texts.length * Math.min(elapsed, spanMs)) / spanMs));
      if (due > next) this.write(execution, container, texts, next, due, now);
      next = Math.max(next, due);
      if (!script.hang && elapsed >= script.durationMs && next >= texts.length) {
        this.finish(execution, script.finalStatus);
        return;
      }
      execution.timer = setTimeout(tick, 20);
      execution.timer.unref();
    };
    tick();
  }

  private write(execution: EmulatedExecution, container: string, texts: string[], from: number, to: number, now: number): void {
    const chunks: string[] = [];
    for (let index = from; index < to; index++) {
      const stream = execution.script.stderrEvery && (index + 1) % execution.script.stderrEvery === 0 ? 'stderr' : 'stdout';
      const time = execution.clock.next(now);
      const line = { time, container, stream, log: texts[index]! } as const;
      execution.written.push(line);
      this.logs.append({ time, job: execution.job.name, group: execution.replicaName, container, stream, log: line.log }, now);
      chunks.push(`${time} ${stream} F ${line.log}\n`);
    }
    for (const res of execution.listeners) this.send(execution, res, chunks);
  }

  private send(execution: EmulatedExecution, res: ServerResponse, chunks: string[]): void {
    const state = res as ServerResponse & { sentLines?: number };
    for (const chunk of chunks) {
      state.sentLines = (state.sentLines ?? 0) + 1;
      if (this.liveStreamBreakAfter !== undefined && state.sentLines > this.liveStreamBreakAfter) {
        execution.listeners.delete(res);
        res.socket?.destroy();
        return;
      }
      res.write(chunk);
    }
  }

  private finish(execution: EmulatedExecution, status: string, withEndTime = true): void {
    if (execution.timer) clearTimeout(execution.timer);
    execution.status = status;
    execution.endedAt = Date.now();
    if (withEndTime) execution.endTime = new Date().toISOString().replace(/\.\d+Z$/, '+00:00');
    execution.replicaGoneAt = Date.now() + this.replicaLingerMs;
    this.onEnded?.(execution);
    for (const res of execution.listeners) res.end();
    execution.listeners.clear();
  }

  /** Stops the execution: it reads `Stopped`, without an endTime, `stopDelayMs` later. */
  stop(execution: EmulatedExecution): void {
    if (execution.endedAt !== undefined) return;
    execution.stoppedAt ??= Date.now();
    setTimeout(() => {
      if (execution.endedAt === undefined) this.finish(execution, 'Stopped', false);
    }, this.stopDelayMs).unref();
  }

  /** The execution as the API returns it (JobExecution). */
  resource(execution: EmulatedExecution): Record<string, unknown> {
    return {
      name: execution.name,
      id: executionId(execution.job, execution.name),
      type: 'Microsoft.App/jobs/executions',
      properties: {
        status: execution.status,
        startTime: execution.startTime,
        ...(execution.endTime ? { endTime: execution.endTime } : {}),
        template: execution.template,
      },
    };
  }

  replicaExists(execution: EmulatedExecution): boolean {
    return execution.replicaGoneAt === undefined || Date.now() < execution.replicaGoneAt;
  }

  issueToken(): { token: string; expires: string } {
    const token = `lst_${randomBytes(24).toString('base64url')}`;
    registerSecret(token);
    const expiresAt = Date.now() + this.tokenLifetimeMs;
    this.tokens.set(token, expiresAt);
    return { token, expires: new Date(expiresAt).toISOString() };
  }

  tokenValid(token: string | undefined): boolean {
    const expiresAt = token ? this.tokens.get(token) : undefined;
    return expiresAt !== undefined && Date.now() < expiresAt;
  }

  /** Attaches a live stream reader: the last `tailLines` lines, then new ones until the container exits. */
  attach(execution: EmulatedExecution, res: ServerResponse, tailLines: number, follow: boolean): void {
    const tail = tailLines > 0 ? execution.written.slice(-tailLines) : [];
    this.send(execution, res, tail.map((line) => `${line.time} ${line.stream} F ${line.log}\n`));
    if (!follow || execution.endedAt !== undefined) {
      if (!res.destroyed) res.end();
      return;
    }
    execution.listeners.add(res);
    res.on('close', () => execution.listeners.delete(res));
    if (this.liveStreamIdleCloseMs !== undefined) this.closeWhenIdle(execution, res, this.liveStreamIdleCloseMs);
  }

  private closeWhenIdle(execution: EmulatedExecution, res: ServerResponse, idleMs: number): void {
    const state = res as ServerResponse & { sentLines?: number };
    let seen = state.sentLines ?? 0;
    const check = () => {
      if (res.writableEnded || res.destroyed || !execution.listeners.has(res)) return;
      if ((state.sentLines ?? 0) === seen) {
        execution.listeners.delete(res);
        res.end();
        return;
      }
      seen = state.sentLines ?? 0;
      setTimeout(check, idleMs).unref();
    };
    setTimeout(check, idleMs).unref();
  }

  newId(): string {
    return randomUUID();
  }
}
