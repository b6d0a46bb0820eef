import { repositoryContext } from './check-context.ts';
import { loadFixture } from './fixture-loader.ts';
import {
  checkActionContracts,
  checkDeployConcurrency,
  checkDigestDeploy,
  checkEnvironmentGates,
  checkPermissions,
  checkPinning,
  checkRunInjection,
  checkValidateBeforeGate,
  checkVarsInCalledJobs,
  checkWorkflow,
  formatFinding,
} from './workflow-checks.ts';

const context = repositoryContext();
const messages = (findings: { message: string; job: string }[]) => findings.map((finding) => `${finding.job}: ${finding.message}`);

describe('workflow rules, each failing on its own bad fixture', () => {
  test('the broken example is caught: undeclared input, unpinned third-party action, interpolated input', () => {
    const findings = checkWorkflow(loadFixture('broken-example'), context);
    const rules = findings.map((finding) => finding.rule).sort();
    expect(rules).toEqual(['action-contract', 'digest-deploy', 'run-injection', 'unpinned-action']);
    expect(findings.map(formatFinding).join('\n')).toMatch(/input "imagee" is not declared by update-job-image\/action\.yml/);
    expect(findings.map(formatFinding).join('\n')).toMatch(/actions\/checkout@v4.*full commit SHA/);
    expect(findings.map(formatFinding).join('\n')).toMatch(/\$\{\{ inputs\.tag \}\}.*env:/);
  });

  test('action contract: a missing required input', () => {
    expect(messages(checkActionContracts(loadFixture('contract-missing-required'), context))).toEqual([
      'deploy: required input "job-name" of update-job-image is not passed',
    ]);
  });

  test('action contract: outputs that are not declared, read in the job and across jobs', () => {
    const found = messages(checkActionContracts(loadFixture('contract-undeclared-output'), context));
    expect(found).toHaveLength(2);
    expect(found[0]).toMatch(/^deploy: steps\.update\.outputs\.new-image is not an output of update-job-image/);
    expect(found[1]).toMatch(/^report: job "deploy" has no output "digest"/);
  });

  test('pinning: tags, branches, short SHAs and undigested images', () => {
    const found = checkPinning(loadFixture('unpinned-action'), context);
    expect(found.map((finding) => finding.step)).toEqual(['actions/checkout@v4', 'actions/setup-node@main', 'actions/cache@1bd1e32', 'docker://alpine:3.20']);
  });

  test('pinning: our own actions and reusable workflows at the major tag are exempt, a SHA passes', () => {
    const workflow = loadFixture('broken-example');
    workflow.jobs.deploy!.steps![0]!.uses = 'actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683';
    expect(checkPinning(workflow, context)).toEqual([]);
  });

  test('run injection: inputs, the event payload and head_ref inside run:', () => {
    const found = checkRunInjection(loadFixture('run-injection'));
    expect(found.map((finding) => finding.message.split('"')[1])).toEqual(['${{ inputs.ticket }}', '${{ github.event.pull_request.title }}', '${{ github.head_ref }}']);
  });

  test('run injection: the same values through env: pass, and github.event_name is not the payload', () => {
    const workflow = loadFixture('run-injection');
    workflow.jobs.report!.steps = [{ env: { TICKET: '${{ inputs.ticket }}' }, run: 'echo "$TICKET" ${{ github.event_name }}' }];
    expect(checkRunInjection(workflow)).toEqual([]);
  });

  test('permissions: missing, write-all, unneeded write, id-token without Azure, Azure without id-token', () => {
    expect(messages(checkPermissions(loadFixture('missing-permissions'), context))).toEqual([
      'none: no permissions: block (the job would get the repository default token permissions)',
      'everything: permissions: write-all is not least privilege: list the scopes',
      'contents-write: contents: write is more than this job needs',
      'idle-oidc: id-token: write on a job that does not call Azure',
      'azure-without-oidc: the job calls Azure with OIDC but has no id-token: write',
    ]);
  });

  test('permissions: a caller grants what the called reusable workflow needs', () => {
    expect(messages(checkPermissions(loadFixture('caller-too-few-permissions'), context))).toEqual([
      'migrate: the job calls Azure with OIDC but has no id-token: write',
      'migrate: the called workflow needs id-token: write; grant it here',
      'migrate: the called workflow needs deployments: write; grant it here',
      'migrate: the called workflow needs actions: read; grant it here',
    ]);
  });

  test('environment gates: Azure outside an environment, no per-environment concurrency, cancelling', () => {
    const found = messages(checkEnvironmentGates(loadFixture('ungated-prod'), context));
    expect(found).toEqual([
      expect.stringMatching(/^no-environment: the job calls Azure but declares no environment:/),
      expect.stringMatching(/^no-concurrency: no concurrency group per environment/),
      expect.stringMatching(/^cancels: cancel-in-progress: true/),
    ]);
  });

  test('deploy concurrency: every job that changes the environment queues in te-deploy-<environment>', () => {
    expect(messages(checkDeployConcurrency(loadFixture('split-deploy-groups'), context))).toEqual([
      'deploy: the job changes the environment but is not in the shared group te-deploy-${{ inputs.environment }} (found "te-migration-${{ inputs.environment }}")',
      'apply: the job changes the environment but is not in the shared group te-deploy-${{ inputs.environment }} (found "te-infra-${{ inputs.environment }}")',
    ]);
  });

  test('digest deploy: a composed tag or a tag output is refused, the image-with-digest output passes', () => {
    const found = messages(checkDigestDeploy(loadFixture('tag-deploy'), context));
    expect(found).toEqual([
      expect.stringMatching(/^composed: image must be only outputs of earlier jobs that are digests/),
      'tag-output: needs.build.outputs.image is not a digest (acr-remote-build image-with-digest, or a step output checked against sha256:[a-f0-9]{64})',
    ]);
  });

  test('validate before the gate: inputs checked only inside the gated job are found', () => {
    expect(messages(checkValidateBeforeGate(loadFixture('validate-after-gate'), context))).toEqual([
      'deploy: inputs.action is not checked by a job without an environment that this gated job needs',
      'deploy: inputs.image_tag is not checked by a job without an environment that this gated job needs',
      'deploy: inputs.change_ticket is not checked by a job without an environment that this gated job needs',
    ]);
  });

  test('vars in called jobs: vars.* in a caller\'s with:, and a sign-in without the environment variable', () => {
    const found = messages(checkVarsInCalledJobs(loadFixture('vars-in-caller'), context));
    expect(found).toEqual([
      expect.stringMatching(/^migrate: with\.client_id reads vars\.\* in the caller, where environment variables are empty/),
      'run: client-id does not fall back to vars.AZURE_CLIENT_ID of the job\'s environment',
      'run: subscription-id does not fall back to vars.AZURE_SUBSCRIPTION_ID of the job\'s environment',
    ]);
    expect(messages(checkVarsInCalledJobs(loadFixture('split-deploy-groups'), context))).toEqual([]);
  });
});
