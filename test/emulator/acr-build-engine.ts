import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { x as extract } from 'tar';
import { COMPLETE_OUTCOME, LOG_CONTAINER, SOURCE_CONTAINER, type AcrState, type EmulatedRun, type RunStatus } from './acr-state.ts';

const stamp = () => new Date().toISOString().replace('T', ' ').replace(/-/g, '/').slice(0, 19);

/**
 * Runs one emulated ACR quick build: downloads the uploaded archive from Azurite, unpacks it,
 * checks the Dockerfile, and writes a log like ACR's (`az acr build` shows the same lines) into an
 * append blob step by step, marking it complete at the end with the outcome word in its Complete metadata. The outcome follows
 * `state.script`; a cancel stops it at the next step.
 */
export function startBuild(state: AcrState, run: EmulatedRun): Promise<void> {
  const script = { ...state.script };
  const log = state.blobs.getContainerClient(LOG_CONTAINER).getAppendBlobClient(run.logBlob);
  const loginServer = `${run.registryName.toLowerCase()}.azurecr.io`;
  const touch = (status?: RunStatus) => {
    if (status) run.status = status;
    run.lastUpdatedTime = new Date().toISOString();
  };
  const write = async (...lines: string[]) => {
    const text = lines.map((line) => `${line}\n`).join('');
    await log.appendBlock(text, Buffer.byteLength(text));
  };
  const isCancelled = () => run.cancelRequestedAt !== undefined;
  /** Sleeps, waking early on cancel; returns true when cancelled. */
  const pause = async (ms: number) => {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([run.cancelled, new Promise<void>((done) => (timer = setTimeout(done, ms)))]);
    clearTimeout(timer);
    return isCancelled();
  };
  const seconds = () => Math.max(1, Math.round((Date.now() - Date.parse(run.startTime ?? run.createTime)) / 1000));
  const finish = async (status: RunStatus, lines: string[], error?: string) => {
    if (isCancelled() && status !== 'Canceled') return finish('Canceled', [`Run ID: ${run.runId} was canceled after ${seconds()}s.`]);
    await write(...lines);
    run.finishTime = new Date().toISOString();
    if (error) run.runErrorMessage = error;
    touch(status);
    await pause(script.logLagMs);
    // The outcome word, as ACR writes it (see COMPLETE_OUTCOME); 'true' only as a fault case.
    await log.setMetadata({ Complete: state.completeMetadata === 'true' ? 'true' : (COMPLETE_OUTCOME[status] ?? 'internalerror') });
    run.logComplete = true;
  };

  const body = async () => {
    await log.create();
    if (await pause(script.queueMs)) return finish('Canceled', [`Run ID: ${run.runId} was canceled before it started.`]);
    run.startTime = new Date().toISOString();
    touch('Running');
    await write(`${stamp()} Downloading source code...`);

    const source = state.uploads.get(run.request.sourceLocation)!;
    const archive = await state.blobs.getContainerClient(SOURCE_CONTAINER).getBlobClient(source).downloadToBuffer();
    run.archiveSha256 = createHash('sha256').update(archive).digest('hex');
    const dir = mkdtempSync(join(tmpdir(), 'te-acr-build-'));
    try {
      try {
        await new Promise<void>((done, fail) => {
          const unpack = extract({ cwd: dir, strict: true, onReadEntry: (entry) => run.archiveEntries.push(entry.path.replace(/\/$/, '')) });
          unpack.on('error', fail).on('close', () => done());
          unpack.end(archive);
        });
      } catch (error) {
        return finish('Error', [`${stamp()} Failed to extract the source code: ${(error as Error).message}`], 'failed to download or extract the source code');
      }
      await write(`${stamp()} Finished downloading source code`, `${stamp()} Using acb_vol_${randomBytes(8).toString('hex')} as the home volume`, `${stamp()} Setting up Docker configuration...`);
      if (await pause(script.stepDelayMs)) return finish('Canceled', [`Run ID: ${run.runId} was canceled after ${seconds()}s.`]);
      await write(`${stamp()} Successfully set up Docker configuration`, `${stamp()} Logging in to registry: ${loginServer}`, `${stamp()} Successfully logged into ${loginServer}`);
      await write(`${stamp()} Executing step ID: build. Timeout(sec): ${run.request.timeout ?? 3600}, Working directory: '', Network: ''`, `${stamp()} Scanning for dependencies...`);

      const dockerfilePath = join(dir, run.request.dockerFilePath);
      let dockerfile: string;
      try {
        if (!statSync(dockerfilePath).isFile()) throw new Error('not a file');
        dockerfile = readFileSync(dockerfilePath, 'utf8');
      } catch {
        return finish(
          'Failed',
          [`${stamp()} Dockerfile cannot be found at '${run.request.dockerFilePath}'`, `failed to scan dependencies: failed to find Dockerfile ${run.request.dockerFilePath}`, '', `Run ID: ${run.runId} failed after ${seconds()}s. Error: failed during run, err: exit status 1`],
          'failed during run, err: exit status 1',
        );
      }
      const instructions = dockerfile
        .split(/\r?\n/)
        .map((line) => line.trim())
        .filter((line) => line && !line.startsWith('#'));
      const args = (run.request.arguments ?? []) as { name: string; isSecret?: boolean }[];
      await write(
        `${stamp()} Successfully scanned dependencies`,
        `${stamp()} Launching container with name: build`,
        `Sending build context to Docker daemon  ${(archive.length / 1024).toFixed(1)}kB`,
        ...args.map((arg) => `Build argument ${arg.name}${arg.isSecret ? ' (secret)' : ''} set`),
      );
      const images = (run.request.imageNames ?? []) as string[];
      for (const [index, instruction] of instructions.entries()) {
        if (await pause(script.stepDelayMs)) return finish('Canceled', [`Run ID: ${run.runId} was canceled after ${seconds()}s.`]);
        const layer = randomBytes(6).toString('hex');
        const lines = [`Step ${index + 1}/${instructions.length} : ${instruction}`];
        if (/^RUN\b/i.test(instruction)) {
          lines.push(` ---> Running in ${randomBytes(6).toString('hex')}`);
          for (let i = 0; i < script.extraLogLines; i++) lines.push(`build output line ${i + 1} of ${script.extraLogLines} (step ${index + 1}) ✓`);
          if (script.runOutput && !instructions.slice(0, index).some((earlier) => /^RUN\b/i.test(earlier))) lines.push(...script.runOutput);
          if (script.outcome === 'Failed') {
            const command = instruction.replace(/^RUN\s+/i, '');
            return finish(
              'Failed',
              [...lines, `The command '/bin/sh -c ${command}' returned a non-zero code: 1`, `${stamp()} Container failed during run: build. No retries remaining.`, 'failed to run step ID: build: exit status 1', '', `Run ID: ${run.runId} failed after ${seconds()}s. Error: failed during run, err: exit status 1`],
              'failed during run, err: exit status 1',
            );
          }
          lines.push(`Removing intermediate container ${layer}`);
        }
        lines.push(` ---> ${layer}`);
        await write(...lines);
        if (script.outcome === 'hang' && index === 0) {
          await run.cancelled;
          return finish('Canceled', [`Run ID: ${run.runId} was canceled after ${seconds()}s.`]);
        }
      }
      if (script.outcome === 'Timeout') return finish('Timeout', [`Run ID: ${run.runId} failed after ${seconds()}s. Error: run timed out`], 'run timed out');
      if (script.outcome === 'Error') return finish('Error', [`Run ID: ${run.runId} failed after ${seconds()}s. Error: internal error`], 'internal error');
      const built = randomBytes(6).toString('hex');
      await write(`Successfully built ${built}`, ...images.map((name) => `Successfully tagged ${loginServer}/${name}`), `${stamp()} Successfully executed container: build`);
      for (const name of images) {
        const at = name.lastIndexOf(':');
        const repository = name.slice(0, at);
        const tag = name.slice(at + 1);
        const digest = `sha256:${createHash('sha256').update(`${run.archiveSha256}\n${run.request.dockerFilePath}\n${run.request.target ?? ''}`).digest('hex')}`;
        run.outputImages.push({ registry: loginServer, repository, tag, digest });
        if (run.request.isPushEnabled !== false) {
          await write(`${stamp()} Pushing image: ${loginServer}/${name}, attempt 1`, `${tag}: digest: ${digest} size: 1573`, `${stamp()} Successfully pushed image: ${loginServer}/${name}`);
        }
      }
      await finish('Succeeded', [`${stamp()} Step ID: build marked as successful (elapsed time in seconds: ${seconds()})`, '', `Run ID: ${run.runId} was successful after ${seconds()}s`]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };

  run.done = body().catch((error: unknown) => {
    run.runErrorMessage = `emulator build engine: ${(error as Error).message}`;
    run.finishTime = new Date().toISOString();
    touch('Error');
  });
  return run.done;
}
