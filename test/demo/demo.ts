// npm run demo: runs the production pipeline's steps from the committed dist/ bundles through the
// runner harness against the local Azure + GitHub emulator, and prints what the Actions UI shows.
import { startEmulator } from '../emulator/index.ts';
import { runStep } from '../runner/run-step.ts';
import { presentStep } from './present.ts';

const SUBSCRIPTION = '34adfa4f-cedf-4dc0-ba29-b6d1a69ab345';
const emulator = await startEmulator();
try {
  emulator.containerApps.addJob({ subscriptionId: SUBSCRIPTION, resourceGroup: 'rg-migrations-prod', name: 'migrate-db', containers: [{ name: 'migrate', image: 'contosoprod.azurecr.io/migrations:1.4.1' }] });
  const azure = {
    'subscription-id': SUBSCRIPTION,
    'client-id': emulator.core.identity.clientId,
    'tenant-id': emulator.core.identity.tenantId,
  };
  console.log(`Local Azure + GitHub emulator at ${emulator.url} (TLS, OIDC federation for ${emulator.core.identity.subject})`);

  const update = await runStep({
    action: 'update-job-image',
    inputs: { ...azure, 'resource-group': 'rg-migrations-prod', 'job-name': 'migrate-db', image: 'contosoprod.azurecr.io/migrations:1.4.2' },
    env: emulator.env(),
  });
  presentStep('update-job-image', update);
  if (update.exitCode !== 0) process.exitCode = 1;
  console.log(`\nPipeline ${process.exitCode ? 'FAILED' : 'Succeeded'}.`);
} finally {
  await emulator.stop();
}
