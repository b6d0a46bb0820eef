import type { Emulator } from '../../emulator/index.ts';
import type { GitHubContext, StepResult } from '../../runner/run-step.ts';
import type { FaultKind } from './fault-kinds.ts';

/** What a case must end with. */
export interface Expectation {
  exitCode: 0 | 1;
  /** The one error annotation (omitted: no error annotation at all). */
  error?: string | RegExp;
  /** Something main's displayed log must show (e.g. the retry). */
  log?: RegExp;
  /** The remote state afterwards: nothing left running, the job image as it should be, ... */
  remote(emulator: Emulator, main: StepResult, post: StepResult | undefined): void | Promise<void>;
}

/** One fault applied to one action. */
export interface FaultCase {
  kind: FaultKind;
  name: string;
  /** Injects the fault (emulator.inject, scripted runs, token lifetimes, ...). */
  arrange?(emulator: Emulator): void;
  inputs?: Record<string, string>;
  env?(emulator: Emulator): Record<string, string>;
  /** SIGINT once the emulator state satisfies this (checked every 20 ms). */
  cancelOn?(emulator: Emulator): boolean;
  /** SIGINT once main's stdout satisfies this. */
  cancelWhen?(stdout: string): boolean;
  expect: Expectation;
  /** Kill the step after this long (default 60 s). */
  timeoutMs?: number;
  /**
   * A known product gap: the case states the behaviour users are promised, and runs as
   * test.failing until the gap is closed (then it fails, and this field must go).
   */
  knownGap?: string;
}

/** One action of the matrix: how it runs successfully, and its fault cases. */
export interface Scenario {
  action: string;
  /** Once per file, before the first case (e.g. start Azurite). */
  setupOnce?(): Promise<void>;
  teardownOnce?(): Promise<void>;
  /** Arranges the emulator so that the action succeeds with `inputs`. */
  setup?(emulator: Emulator): void | Promise<void>;
  teardown?(emulator: Emulator): void | Promise<void>;
  inputs(emulator: Emulator): Record<string, string>;
  github?: Partial<GitHubContext>;
  /** GITHUB_WORKSPACE for the step (e.g. a build context). */
  workspace?(): string;
  cases: FaultCase[];
  /** Fault kinds with no case, each with the reason. */
  notApplicable: Partial<Record<FaultKind, string>>;
}
