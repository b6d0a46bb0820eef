import { startEmulator, type Emulator } from '../emulator/index.ts';
import { runStep } from './run-step.ts';
import { findLeaks, registerSecret } from './secret-guard.ts';

describe('secret guard', () => {
  test('finds JWTs, SAS signatures and registered secrets, without repeating them', () => {
    registerSecret('s3cr3t-build-arg-value');
    const leaks = findLeaks('token eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJyZXBvIn0.c2lnbmF0dXJlc2ln\nPUT https://a.blob/c?sv=2021&sig=abcdEFGH1234%3D\nvalue s3cr3t-build-arg-value');
    expect(leaks).toHaveLength(3);
    expect(leaks.join(' ')).not.toContain('s3cr3t-build-arg-value');
    expect(findLeaks('PUT https://a.blob/c?<redacted> and ***')).toEqual([]);
  });

  describe('runStep fails a step that prints a secret', () => {
    let emulator: Emulator;
    beforeAll(async () => {
      emulator = await startEmulator();
    });
    afterAll(() => emulator.stop());

    test('a job secret value in an error message is caught', async () => {
      const [job] = [emulator.containerApps.addJob({ subscriptionId: '34adfa4f-cedf-4dc0-ba29-b6d1a69ab345', resourceGroup: 'rg', name: 'leaky', secrets: [{ name: 'pw', value: 'hunter2-very-secret' }] })];
      // The value reaches the log through an input the action echoes in its error message.
      const run = () =>
        runStep({
          action: 'update-job-image',
          inputs: { 'subscription-id': job!.subscriptionId, 'resource-group': 'rg', 'job-name': 'leaky', image: 'hunter2-very-secret' },
          env: emulator.env(),
        });
      await expect(run()).rejects.toThrow(/update-job-image \(main\) exposed secrets in its visible output: a registered secret/);
      const allowed = await runStep({
        action: 'update-job-image',
        inputs: { 'subscription-id': job!.subscriptionId, 'resource-group': 'rg', 'job-name': 'leaky', image: 'hunter2-very-secret' },
        env: emulator.env(),
        allowSecretsInOutput: true,
      });
      expect(allowed.exitCode).toBe(1);
    });
  });
});

describe('workflow commands', () => {
  test('an ::add-mask:: printed while commands are stopped is shown as text, so its secret leaks', async () => {
    const { parseWorkflowCommands } = await import('./workflow-commands.ts');
    const parsed = parseWorkflowCommands('::add-mask::first-secret\n::stop-commands::abc123\n::add-mask::second-secret\n::error::not an error\n::abc123::\n::error::real error');
    expect(parsed.masks).toEqual(['first-secret']);
    expect(parsed.unmasked).toEqual(['::stop-commands::abc123', '::add-mask::second-secret', '::error::not an error', '::abc123::', '::error::real error']);
    expect(parsed.annotations.map((annotation) => annotation.message)).toEqual(['real error']);
    expect(findLeaks(parsed.unmasked.join('\n'))).toEqual([]);
  });
});
