import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Every job log line the step printed, in a file for actions/upload-artifact: under RUNNER_TEMP
 * (the runner empties it after each job), named after the execution.
 */
export class ExecutionLogFile {
  readonly path: string;
  private readonly out: WriteStream;
  private failed: Error | undefined;

  constructor(executionName: string, dir = process.env.RUNNER_TEMP || tmpdir()) {
    // The name comes from the service: only the characters of a Container Apps name are kept.
    this.path = join(dir, `run-job-and-wait-${executionName.replace(/[^A-Za-z0-9-]/g, '_').slice(0, 100)}.log`);
    try {
      mkdirSync(dir, { recursive: true });
    } catch (error) {
      // Never a reason to abandon an execution that has started: the file is reported as not written.
      this.failed = error as Error;
    }
    this.out = createWriteStream(this.path, { encoding: 'utf8' });
    this.out.on('error', (error) => (this.failed ??= error));
  }

  line(text: string): void {
    if (!this.failed) this.out.write(`${text}\n`);
  }

  /** Flushes and closes the file; resolves with the error that stopped writing, if any. */
  close(): Promise<Error | undefined> {
    return new Promise((resolve) => this.out.end(() => resolve(this.failed)));
  }
}
