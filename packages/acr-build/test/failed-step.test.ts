import { BuildLogSteps } from '../src/failed-step.js';
import { describeFailedStep, formatRunDuration, runDurationMs } from '../src/remote-build.js';

describe('BuildLogSteps', () => {
  test('the Docker step and the ACR step ID of a failed RUN, from parts of lines', () => {
    const steps = new BuildLogSteps(4);
    const log = [
      '2026/11/30 10:00:01 Executing step ID: build. Timeout(sec): 3600, Working directory: \'\', Network: \'\'',
      'Step 1/3 : FROM alpine',
      ' ---> a1',
      'Step 2/3 : RUN ./migrate --check',
      ' ---> Running in b2',
      'checking 1',
      'checking 2',
      "The command '/bin/sh -c ./migrate --check' returned a non-zero code: 2",
      'failed to run step ID: build: exit status 2',
      '',
      'Run ID: cb1 failed after 3s. Error: failed during run, err: exit status 1',
    ].join('\n');
    for (let at = 0; at < log.length; at += 7) steps.push(log.slice(at, at + 7));
    expect(steps.failedStep()).toEqual({
      dockerStep: 'Step 2/3 : RUN ./migrate --check',
      stepId: 'build',
      lastLines: ['checking 1', 'checking 2', "The command '/bin/sh -c ./migrate --check' returned a non-zero code: 2", 'failed to run step ID: build: exit status 2'],
    });
  });

  test('a failure before any Dockerfile step names the ACR step', () => {
    const steps = new BuildLogSteps();
    steps.push("2026/11/30 10:00:01 Executing step ID: build. Timeout(sec): 3600, Working directory: '', Network: ''\n2026/11/30 10:00:01 Scanning for dependencies...\nfailed to scan dependencies: failed to find Dockerfile Dockerfile\n\nRun ID: cb2 failed after 1s. Error: failed during run, err: exit status 1\n");
    const step = steps.failedStep();
    expect(step.dockerStep).toBeUndefined();
    expect(describeFailedStep(step)).toBe('Failing step: step ID build. Last lines of its log:\n  2026/11/30 10:00:01 Scanning for dependencies...\n  failed to scan dependencies: failed to find Dockerfile Dockerfile');
  });
});

describe('run duration', () => {
  test('from start (or creation) to finish, in tenths under 10 s', () => {
    expect(runDurationMs({ properties: { startTime: '2026-11-30T10:00:00.100Z', finishTime: '2026-11-30T10:00:00.550Z' } } as never)).toBe(450);
    expect(runDurationMs({ properties: { createTime: '2026-11-30T10:00:00Z', finishTime: '2026-11-30T10:00:02Z' } } as never)).toBe(2000);
    expect(runDurationMs({ properties: {} } as never)).toBeUndefined();
    expect(formatRunDuration(450)).toBe('0.5 s');
    expect(formatRunDuration(1000)).toBe('1.0 s');
    expect(formatRunDuration(95_000)).toBe('95 s');
  });
});
