// run-job-and-wait and log following: job end → action exit against the poll interval (bundle +
// emulator), status calls per minute on long runs (simulated clock, the real polling code), and
// stream-log-analytics printing 100 000 lines (lines/s and peak RSS of the step's process).
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { startEmulator, type Emulator } from '../../test/emulator/index.ts';
import { REPO_ROOT, runStep } from '../../test/runner/run-step.ts';
import { median, type BenchRow, type BenchSuite } from '../report.ts';

const SUBSCRIPTION = '34adfa4f-cedf-4dc0-ba29-b6d1a69ab345';

async function withEmulator<T>(body: (emulator: Emulator) => Promise<T>): Promise<T> {
  const emulator = await startEmulator();
  emulator.containerApps.addJob({ subscriptionId: SUBSCRIPTION, resourceGroup: 'rg', name: 'migrate-db', containers: [{ name: 'migrate', image: 'contoso.azurecr.io/m:1' }] });
  try {
    return await body(emulator);
  } finally {
    await emulator.stop();
  }
}

const azureInputs = (emulator: Emulator) => ({ 'subscription-id': SUBSCRIPTION, 'resource-group': 'rg', 'job-name': 'migrate-db', 'client-id': emulator.core.identity.clientId, 'tenant-id': emulator.core.identity.tenantId });

/** Job end (the emulator's final status) → the step's process exit, through the committed bundle. */
async function endToExitMs(pollSeconds: number, streamLogs: boolean, runs: number): Promise<number[]> {
  return withEmulator(async (emulator) => {
    const samples: number[] = [];
    for (let run = 0; run < runs; run++) {
      // Vary the end so it falls at different points of the poll cycle.
      emulator.executions.script('migrate-db', { durationMs: 2000 + run * 370, finalStatus: 'Succeeded', lines: 20 });
      const result = await runStep({ action: 'run-job-and-wait', inputs: { ...azureInputs(emulator), 'poll-interval-seconds': String(pollSeconds), 'stream-logs': String(streamLogs) }, env: emulator.env() });
      if (result.exitCode !== 0) throw new Error(`run-job-and-wait failed in the benchmark: ${result.errors.join('; ')}`);
      const execution = [...emulator.executions.executions.values()].at(-1)!;
      samples.push(result.spawnedAt + result.exitedAtMs - execution.endedAt!);
    }
    return samples;
  });
}

interface PollingLibrary {
  waitForExecution: typeof import('../../packages/container-jobs/src/wait-execution.ts').waitForExecution;
}

/** The packages' polling code, bundled (bench runs under plain strip-types, which cannot resolve .js → .ts). */
async function loadPolling(): Promise<PollingLibrary> {
  const dir = mkdtempSync(join(tmpdir(), 'te-bench-'));
  const outfile = join(dir, 'polling.mjs');
  await build({
    stdin: { contents: "export { waitForExecution } from '@te-actions/container-jobs';", resolveDir: REPO_ROOT, loader: 'ts' },
    bundle: true,
    format: 'esm',
    platform: 'node',
    outfile,
    logLevel: 'warning',
    banner: { js: "import { createRequire as __r } from 'node:module'; const require = __r(import.meta.url);" },
  });
  return import(outfile) as Promise<PollingLibrary>;
}

/** Status calls in the minute before 1, 10 and 60 minutes of run time, with a simulated clock. */
async function statusCallsPerMinute(pollSeconds: number): Promise<Record<number, number>> {
  const { waitForExecution } = await loadPolling();
  let now = 0;
  const clock = { now: () => now, sleep: async (ms: number) => void (now += ms) };
  const calls: number[] = [];
  const endAt = 61 * 60_000;
  const arm = {
    request: async () => {
      calls.push(now);
      now += 150; // one status call's round trip
      return { status: 200, headers: { get: () => null }, url: '', body: { name: 'x', properties: { status: now >= endAt ? 'Succeeded' : 'Running' } } };
    },
  };
  await waitForExecution(arm as never, { subscriptionId: SUBSCRIPTION, resourceGroup: 'rg', jobName: 'migrate-db', executionName: 'migrate-db-1' }, { pollIntervalMs: pollSeconds * 1000, timeoutMs: 2 * 3600_000, clock });
  const inMinuteBefore = (minute: number) => calls.filter((at) => at >= (minute - 1) * 60_000 && at < minute * 60_000).length;
  return { 1: inMinuteBefore(1), 10: inMinuteBefore(10), 60: inMinuteBefore(60) };
}

/** stream-log-analytics printing a 100 000-line log: lines/s (first query → exit) and peak RSS. */
async function followHundredThousand(): Promise<{ linesPerSecond: number; rssMb: number; lost: number; duplicated: number; outOfOrder: number }> {
  return withEmulator(async (emulator) => {
    const total = 100_000;
    emulator.executions.script('migrate-db', { durationMs: 1500, finalStatus: 'Succeeded', lines: total });
    const job = emulator.containerApps.job(SUBSCRIPTION, 'rg', 'migrate-db')!;
    const execution = emulator.executions.start(job, structuredClone(job.resource.properties.template));
    while (execution.status !== 'Succeeded') await new Promise((resolve) => setTimeout(resolve, 50));
    const dir = mkdtempSync(join(tmpdir(), 'te-bench-rss-'));
    const rssFile = join(dir, 'rss');
    const wrapper = join(dir, 'node-with-rss.mjs');
    // Runs the bundle in the same process and records that process's peak RSS (KB) when it exits.
    // (A shell wrapper would drop the INPUT_JOB-NAME style variables, whose names have hyphens.)
    writeFileSync(
      wrapper,
      `#!${process.execPath}\nimport { writeFileSync } from 'node:fs';\nimport { pathToFileURL } from 'node:url';\nprocess.on('exit', () => writeFileSync(${JSON.stringify(rssFile)}, String(process.resourceUsage().maxRSS)));\nawait import(pathToFileURL(process.argv[2]).href);\n`,
    );
    chmodSync(wrapper, 0o755);
    const before = emulator.core.requests.length;
    // The runner harness starts the step with $TE_NODE when set: here, node under /usr/bin/time.
    const previous = process.env.TE_NODE;
    process.env.TE_NODE = wrapper;
    const result = await runStep({ action: 'stream-log-analytics', inputs: { ...azureInputs(emulator), 'execution-name': execution.name, follow: 'false' }, env: emulator.env() }).finally(() => {
      if (previous === undefined) delete process.env.TE_NODE;
      else process.env.TE_NODE = previous;
    });
    if (result.exitCode !== 0) throw new Error(`stream-log-analytics failed in the benchmark: ${result.errors.join('; ')}`);
    const firstQuery = emulator.core.requests.slice(before).find((request) => request.routeId === 'loganalytics.query')!;
    const lines = result.stdout.split('\n').filter((line) => /^line \d+$/.test(line));
    const seen = new Set(lines);
    let outOfOrder = 0;
    for (let index = 1; index < lines.length; index++) if (Number(lines[index]!.slice(5)) < Number(lines[index - 1]!.slice(5))) outOfOrder++;
    const seconds = (result.spawnedAt + result.exitedAtMs - firstQuery.at) / 1000;
    return { linesPerSecond: lines.length / seconds, rssMb: Number(readFileSync(rssFile, 'utf8')) / 1024, lost: total - seen.size, duplicated: lines.length - seen.size, outOfOrder };
  });
}

const suite: BenchSuite = {
  name: 'run-job',
  async run(): Promise<BenchRow[]> {
    const rows: BenchRow[] = [];
    for (const pollSeconds of [1, 3]) {
      for (const streamLogs of [false, true]) {
        const samples = await endToExitMs(pollSeconds, streamLogs, 4);
        const worst = Math.max(...samples);
        rows.push({
          area: 'run-job',
          metric: `job end → action exit, poll ${pollSeconds} s, stream-logs ${streamLogs} (median / worst of 4)`,
          measured: `${(median(samples) / 1000).toFixed(2)} s / ${(worst / 1000).toFixed(2)} s`,
          target: `≤ poll interval + 1 s = ${pollSeconds + 1} s`,
          baseline: `poll interval ${pollSeconds} s`,
          met: worst <= (pollSeconds + 1) * 1000,
        });
      }
    }
    const calls = await statusCallsPerMinute(5);
    rows.push({
      area: 'run-job',
      metric: 'status calls per minute at 1 / 10 / 60 min of run time (poll 5 s, simulated clock)',
      measured: `${calls[1]} / ${calls[10]} / ${calls[60]}`,
      target: '≤ 1 per poll (12/min at 5 s); ≤ 2/min on long runs',
      baseline: 'az polling every 5 s: 12 / 12 / 12',
      met: calls[1]! <= 12 && calls[60]! <= 2,
    });
    const follow = await followHundredThousand();
    rows.push({
      area: 'log-follow',
      metric: 'stream-log-analytics, 100 000 lines from Log Analytics: lines/s (first query → exit), lost/dup/out of order',
      measured: `${Math.round(follow.linesPerSecond).toLocaleString('en-US')} lines/s; ${follow.lost}/${follow.duplicated}/${follow.outOfOrder}`,
      target: '≥ 50 000 lines/s; 0 lost, 0 duplicated, in order',
      baseline: '–',
      met: follow.linesPerSecond >= 50_000 && follow.lost === 0 && follow.duplicated === 0 && follow.outOfOrder === 0,
    });
    rows.push({
      area: 'log-follow',
      metric: 'peak RSS of the step printing 100 000 lines',
      measured: `${follow.rssMb.toFixed(0)} MB`,
      target: '≤ 150 MB',
      baseline: '–',
      met: follow.rssMb <= 150,
    });
    return rows;
  },
};

export default suite;
