import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulator, type Emulator } from '../emulator/index.ts';
import { REPO_ROOT } from './workflow-files.ts';
import { loadWorkflow } from './workflow-model.ts';

/**
 * The deploy-history scripts of migration.yml and rollback.yml, run with bash against the emulator's
 * GitHub deployments API. `gh api` is played by a small shim that sends the same requests (method,
 * query fields, JSON body from --input, --jq filter) with curl, so the scripts' JSON and the way they
 * read the history are checked against the API's documented behaviour.
 */
const GH_SHIM = `#!/bin/bash
set -euo pipefail
[ "$1" = api ] || { echo "shim: only gh api" >&2; exit 2; }
shift
path=""; method=""; input=""; filter=""; fields=()
while [ $# -gt 0 ]; do
  case "$1" in
    -*) ;;
    *) [ -z "$path" ] || { echo "shim: two paths" >&2; exit 2; }; path=$1; shift; continue ;;
  esac
  case "$1" in
    -X) method=$2; shift 2 ;;
    -f) fields+=("$2"); shift 2 ;;
    --input) input=$2; shift 2 ;;
    --jq) filter=$2; shift 2 ;;
    *) echo "shim: unsupported $1" >&2; exit 2 ;;
  esac
done
url="$GITHUB_API_URL/$path"
if [ -z "$method" ]; then if [ -n "$input" ] || [ \${#fields[@]} -gt 0 ]; then method=POST; else method=GET; fi; fi
if [ "$method" = GET ] && [ \${#fields[@]} -gt 0 ]; then url="$url?$(IFS='&'; echo "\${fields[*]}")"; fi
args=(-sS --fail-with-body --cacert "$SHIM_CA" -X "$method" -H "Authorization: Bearer $GH_TOKEN")
if [ -n "$input" ]; then out=$(curl "\${args[@]}" -H 'content-type: application/json' --data-binary @- "$url"); else out=$(curl "\${args[@]}" "$url"); fi
if [ -n "$filter" ]; then printf '%s' "$out" | jq -r "$filter"; else printf '%s\\n' "$out"; fi
`;

let emulator: Emulator;
let bin: string;
const migration = loadWorkflow('.github/workflows/migration.yml', readFileSync(join(REPO_ROOT, '.github/workflows/migration.yml'), 'utf8'));
const rollback = loadWorkflow('.github/workflows/rollback.yml', readFileSync(join(REPO_ROOT, '.github/workflows/rollback.yml'), 'utf8'));
const recordScript = migration.jobs.deploy!.steps!.find((step) => step.name === 'Record the deployment')!.run!;
const historyScript = rollback.jobs.history!.steps![0]!.run!;

/** Async: the emulator answers in this same process, so the script must not block its event loop. */
async function runScript(script: string, env: Record<string, string>): Promise<{ temp: string; summary: string; output: string }> {
  const temp = mkdtempSync(join(tmpdir(), 'te-history-'));
  const files = { GITHUB_STEP_SUMMARY: join(temp, 'summary.md'), GITHUB_OUTPUT: join(temp, 'output') };
  for (const file of Object.values(files)) writeFileSync(file, '');
  await promisify(execFile)('bash', ['--noprofile', '--norc', '-e', '-c', script], {
    timeout: 60_000,
    env: { PATH: `${bin}:${process.env.PATH}`, GH_TOKEN: emulator.deployments.workflowToken, GITHUB_API_URL: emulator.url, SHIM_CA: emulator.caFile, GITHUB_REPOSITORY: 'contoso/migrations', GITHUB_SHA: '4f1c2a9b7d3e5f60718293a4b5c6d7e8f9012345', RUNNER_TEMP: temp, ...files, ...env },
  });
  return { temp, summary: readFileSync(files.GITHUB_STEP_SUMMARY, 'utf8'), output: readFileSync(files.GITHUB_OUTPUT, 'utf8') };
}

/** What migration.yml deploys (and so records): an image by digest. */
const byDigest = (hex: string) => `contosoprod.azurecr.io/migrations@sha256:${hex.repeat(64)}`;

const deployEnv = (image: string, outcome: string) => ({
  ENVIRONMENT: 'production',
  ACTION: 'deploy',
  TICKET: 'CHG-2026-001',
  IMAGE: image,
  DIGEST: image,
  EXECUTION: 'migrate-db-abc1234',
  STATUS: outcome === 'success' ? 'Succeeded' : 'Failed',
  RESTORE_TIME: '2026-12-01T08:52:26.994Z',
  PG_SERVER: 'pg-orders-prod',
  SUBSCRIPTION_ID: '34adfa4f-cedf-4dc0-ba29-b6d1a69ab345',
  RESOURCE_GROUP: 'rg-migrations-prod',
  JOB_NAME: 'migrate-db',
  AZURE_CLOUD: 'AzureCloud',
  RUN_OUTCOME: outcome,
});

beforeAll(async () => {
  emulator = await startEmulator();
  bin = mkdtempSync(join(tmpdir(), 'te-gh-shim-'));
  writeFileSync(join(bin, 'gh'), GH_SHIM);
  chmodSync(join(bin, 'gh'), 0o755);
});
afterAll(() => emulator.stop());

describe('deploy history (GitHub deployments) written by migration.yml and read by rollback.yml', () => {
  test('a deploy leaves a deployment whose payload names image, digest, ticket, execution and restore time, and whose status links the portal', async () => {
    const { summary, temp } = await runScript(recordScript, deployEnv(byDigest('a'), 'success'));
    const [deployment] = emulator.deployments.list('contoso/migrations', { environment: 'production' });
    expect(deployment).toMatchObject({
      task: 'deploy:migration',
      environment: 'production',
      payload: { image: byDigest('a'), image_digest: byDigest('a'), change_ticket: 'CHG-2026-001', execution: 'migrate-db-abc1234', restore_time: '2026-12-01T08:52:26.994Z' },
    });
    const status = emulator.deployments.find('contoso/migrations', deployment!.id)!.statuses[0]!;
    expect(status.state).toBe('success');
    expect(status.log_url).toBe('https://portal.azure.com/#resource/subscriptions/34adfa4f-cedf-4dc0-ba29-b6d1a69ab345/resourceGroups/rg-migrations-prod/providers/Microsoft.App/jobs/migrate-db/executionHistory');
    expect(status.description).toContain('restore time 2026-12-01T08:52:26.994Z');
    expect(summary).toContain('| restore_time | 2026-12-01T08:52:26.994Z |');
    expect(JSON.parse(readFileSync(join(temp, 'deployment-record.json'), 'utf8')).deployment_id).toBe(String(deployment!.id));
  });

  test('a failed migration is recorded as failure; the rollback then finds the last successful image', async () => {
    await runScript(recordScript, deployEnv(byDigest('b'), 'failure'));
    const states = emulator.deployments.list('contoso/migrations', { environment: 'production' }).map((each) => emulator.deployments.find('contoso/migrations', each.id)!.statuses[0]!.state);
    expect(states).toEqual(['failure', 'success']);
    const { output } = await runScript(historyScript, { ENVIRONMENT: 'production', IMAGE: '' });
    expect(output).toBe(`image=${byDigest('a')}\n`);
  });

  test('an explicit image wins; an environment without history fails with the fix', async () => {
    expect((await runScript(historyScript, { ENVIRONMENT: 'production', IMAGE: byDigest('c') })).output).toBe(`image=${byDigest('c')}\n`);
    await expect(runScript(historyScript, { ENVIRONMENT: 'staging', IMAGE: '' })).rejects.toMatchObject({ stdout: expect.stringContaining('pass image explicitly') });
  });

  test('a tag is never rolled back to: an explicit tag is refused', async () => {
    await expect(runScript(historyScript, { ENVIRONMENT: 'production', IMAGE: 'contosoprod.azurecr.io/migrations:1.3.0' })).rejects.toMatchObject({ stdout: expect.stringContaining('image must be an image by digest') });
  });
});
