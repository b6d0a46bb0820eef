/**
 * For every action and every input its action.yml declares: bad values with the error they must
 * produce, or — for inputs where no value is bad — the reason, as data. bad-inputs.test.ts checks that
 * this table and the action.yml files list the same inputs, and that every required input has a
 * "missing" ('') row.
 */
export interface BadValue {
  value: string;
  /** Text the single error annotation must contain (besides `Input '<name>'`). */
  error: string;
  /** Other inputs changed together with this one. */
  with?: Record<string, string>;
}

export type InputRow = BadValue[] | { anyValue: string };

const GUID_ERROR = "which breaks Azure's naming rules";

/** subscription-id, client-id, tenant-id, environment, auth-type, audience, allow-custom-endpoints: the same in every Azure action. */
const SIGN_IN: Record<string, InputRow> = {
  'subscription-id': [
    { value: '', error: 'is required but was empty. Expected a subscription ID' },
    { value: 'prod', error: `has the value "prod", ${GUID_ERROR}. Expected a subscription ID` },
    { value: '/subscriptions/34adfa4f-cedf-4dc0-ba29-b6d1a69ab345', error: GUID_ERROR },
  ],
  'client-id': [
    { value: 'migrations-app', error: `has the value "migrations-app", ${GUID_ERROR}. Expected the application (client) ID` },
    // tenant-id without client-id: refused before any request, naming the missing input.
    { value: '', error: 'is empty while tenant-id is set. Expected the application (client) ID' },
  ],
  'tenant-id': [
    { value: 'contoso tenant', error: `${GUID_ERROR}. Expected a tenant ID` },
    { value: '', error: 'is empty while client-id is set. Expected the Entra tenant ID' },
  ],
  environment: [{ value: 'AzureMoon', error: 'has the value "AzureMoon". Expected one of AzureCloud, AzureUSGovernment, AzureChinaCloud.' }],
  'auth-type': [
    { value: 'password', error: 'has the value "password". Expected one of auto, oidc, managed-identity, azure-cli, environment.' },
    { value: 'oidc', error: 'is oidc while client-id and tenant-id are empty', with: { 'client-id': '', 'tenant-id': '' } },
  ],
  audience: [{ value: 'api://Azure AD', error: 'Expected an audience such as api://AzureADTokenExchange' }],
  'allow-custom-endpoints': [{ value: 'yes', error: 'has the value "yes". Expected true or false.' }],
};

const RESOURCE_GROUP: InputRow = [
  { value: '', error: 'is required but was empty. Expected a resource group name' },
  { value: 'rg/../other', error: `has the value "rg/../other", ${GUID_ERROR}. Expected a resource group name` },
  { value: 'rg-ends-with-dot.', error: GUID_ERROR },
];

const JOB_NAME: InputRow = [
  { value: '', error: 'is required but was empty. Expected a Container Apps job name' },
  { value: 'Migrate_DB', error: `has the value "Migrate_DB", ${GUID_ERROR}. Expected a Container Apps job name` },
  { value: 'migrate-db/../../other', error: GUID_ERROR },
  { value: 'a'.repeat(33), error: GUID_ERROR },
];

const WORKSPACE_ID: InputRow = [{ value: 'my-workspace', error: `has the value "my-workspace", ${GUID_ERROR}. Expected a Log Analytics workspace ID` }];

export const BAD_INPUTS: Record<string, Record<string, InputRow>> = {
  'update-job-image': {
    ...SIGN_IN,
    'resource-group': RESOURCE_GROUP,
    'job-name': JOB_NAME,
    image: [
      { value: '', error: 'is required but was empty' },
      { value: 'contoso.azurecr.io/migrations', error: 'has the value "contoso.azurecr.io/migrations" without a tag or digest' },
      { value: 'contoso.azurecr.io/Migrations:1.0', error: 'which is not a valid image reference' },
      { value: 'migrations:1.0; rm -rf /', error: 'which is not a valid image reference' },
    ],
    'container-name': [{ value: 'Web_1', error: `has the value "Web_1", ${GUID_ERROR}. Expected a container name` }],
  },

  'run-job-and-wait': {
    ...SIGN_IN,
    'resource-group': RESOURCE_GROUP,
    'job-name': JOB_NAME,
    'container-name': [{ value: '-migrate', error: `${GUID_ERROR}. Expected a container name` }],
    args: {
      anyValue:
        'One argument per line, kept exactly and never given to a shell, so any text is a valid argument list (quotes, $() and spaces included: run-job-and-wait.test.ts checks they arrive unchanged). The one refused character, NUL, cannot reach a step: the runner passes inputs as environment variables, which cannot hold it.',
    },
    env: [
      { value: 'LEVEL', error: "has line 1 without '=': \"LEVEL\". Expected one NAME=VALUE pair per line" },
      { value: 'LEVEL=debug\n1LEVEL=x', error: 'has line 2 with the name "1LEVEL"' },
      { value: 'MY-VAR=1', error: 'has line 1 with the name "MY-VAR"' },
      { value: 'LEVEL=a\nLEVEL=b', error: 'sets LEVEL twice (line 2)' },
    ],
    'timeout-minutes': [
      { value: '0', error: 'has the value "0", which is not more than 0' },
      { value: 'ten', error: 'has the value "ten", which is not a number' },
      { value: '-5', error: 'which is not a number' },
      { value: '10081', error: 'which is more than 7 days' },
    ],
    'poll-interval-seconds': [
      { value: '0', error: 'has the value 0, which is out of range. Expected a whole number from 1 to 300' },
      { value: '2.5', error: 'which is not a whole number' },
    ],
    'stream-logs': [{ value: 'yes', error: 'has the value "yes". Expected true or false' }],
    'workspace-id': WORKSPACE_ID,
  },

  'stream-log-analytics': {
    ...SIGN_IN,
    'resource-group': RESOURCE_GROUP,
    'job-name': JOB_NAME,
    'execution-name': [
      { value: '', error: 'is required but was empty. Expected a job execution name' },
      { value: 'Migrate-DB-ABC', error: `has the value "Migrate-DB-ABC", ${GUID_ERROR}. Expected a job execution name` },
      { value: "x' or 1==1 | take 5", error: GUID_ERROR },
    ],
    'workspace-id': WORKSPACE_ID,
    follow: [{ value: 'always', error: 'has the value "always". Expected true or false' }],
    'grace-seconds': [
      { value: '-1', error: 'has the value -1, which is out of range. Expected a whole number from 0 to 3600' },
      { value: '5m', error: 'which is not a whole number' },
    ],
    'timeout-minutes': [
      { value: '0', error: 'has the value 0, which is out of range. Expected a whole number from 1 to 10080' },
      { value: 'forever', error: 'which is not a whole number' },
    ],
  },

  'acr-remote-build': {
    ...SIGN_IN,
    'resource-group': RESOURCE_GROUP,
    registry: [
      { value: '', error: 'is required but was empty. Expected a container registry name' },
      { value: 'contoso-registry', error: `has the value "contoso-registry", ${GUID_ERROR}. Expected a container registry name: 5-50 letters and digits` },
      { value: 'acr1', error: GUID_ERROR },
      { value: 'contoso.azurecr.io', error: GUID_ERROR },
    ],
    image: [
      { value: '', error: 'is required but was empty' },
      { value: 'migrations', error: 'has the value "migrations" without a tag or digest' },
      { value: 'migrations@sha256:' + 'a'.repeat(64), error: 'with a digest' },
      { value: 'otherregistry.azurecr.io/migrations:1.0', error: 'on registry otherregistry.azurecr.io' },
    ],
    context: [
      { value: '../outside', error: 'has the value "../outside", which points outside the workspace' },
      { value: 'no/such/dir', error: 'which does not exist in the workspace' },
    ],
    dockerfile: [
      { value: 'Missing.Dockerfile', error: 'has the value "Missing.Dockerfile", but Missing.Dockerfile does not exist' },
      { value: '/etc/passwd', error: 'an absolute path' },
      { value: '../Dockerfile', error: 'which points outside the build context' },
    ],
    'include-git': [{ value: 'yes please', error: 'has the value "yes please". Expected true or false' }],
    'build-args': [
      { value: 'VERSION', error: "has line 1 without '='" },
      { value: 'VERSION=1\nVERSION=2', error: 'sets VERSION twice' },
    ],
    'secret-build-args': [
      { value: 'NPM_TOKEN', error: "has line 1 without '='" },
      { value: 'VERSION=2', with: { 'build-args': 'VERSION=1' }, error: 'sets VERSION, which build-args sets too' },
    ],
    target: [{ value: 'final stage', error: 'has the value "final stage". Expected the name of a build stage' }],
    platform: [
      { value: 'amd64', error: 'has the value "amd64"' },
      { value: 'linux/sparc', error: 'has the architecture "sparc"' },
    ],
    'agent-pool': [{ value: 'p', error: `has the value "p", ${GUID_ERROR}. Expected an ACR agent pool name` }],
    'no-cache': [{ value: 'maybe', error: 'has the value "maybe". Expected true or false' }],
    push: [{ value: 'sometimes', error: 'has the value "sometimes". Expected true or false' }],
    'timeout-minutes': [
      { value: '4', error: 'has the value 4, which is out of range. Expected a whole number from 5 to 480' },
      { value: '1h', error: 'which is not a whole number' },
    ],
  },

  'pg-restore-point': {
    ...SIGN_IN,
    'resource-group': RESOURCE_GROUP,
    'server-name': [
      { value: '', error: 'is required but was empty. Expected a PostgreSQL flexible server name' },
      { value: 'PG-Orders', error: `has the value "PG-Orders", ${GUID_ERROR}. Expected a PostgreSQL flexible server name` },
      { value: 'pg-orders.postgres.database.azure.com', error: GUID_ERROR },
      { value: 'pg/../other', error: GUID_ERROR },
      { value: 'pg', error: GUID_ERROR },
    ],
    'backup-name': [
      { value: 'before migration', error: `has the value "before migration", ${GUID_ERROR}. Expected a backup name` },
      { value: 'x'.repeat(129), error: 'Expected a backup name: 1-128 letters' },
      { value: '../backups', error: GUID_ERROR },
    ],
    mode: [{ value: 'snapshot', error: 'has the value "snapshot". Expected one of backup, timestamp.' }],
    'timeout-minutes': [
      { value: '0', error: 'has the value 0, which is out of range. Expected a whole number from 1 to 1440' },
      { value: '30m', error: 'which is not a whole number' },
    ],
  },

  'pg-restore': {
    ...SIGN_IN,
    'resource-group': RESOURCE_GROUP,
    'source-server': [
      { value: '', error: 'is required but was empty. Expected a PostgreSQL flexible server name' },
      { value: 'pg_orders', error: `has the value "pg_orders", ${GUID_ERROR}. Expected a PostgreSQL flexible server name` },
    ],
    'target-server': [
      { value: '', error: 'is required but was empty. Expected a PostgreSQL flexible server name' },
      { value: '-restored', error: GUID_ERROR },
      { value: 'pg-orders', error: 'is the same as source-server (pg-orders). Expected the name of a new server' },
    ],
    'restore-time': [
      { value: '', error: 'is required but was empty. Expected a UTC time in ISO-8601 form' },
      { value: 'yesterday', error: 'has the value "yesterday", which is not an ISO-8601 time with a zone' },
      { value: '2026-03-15 18:30:22', error: 'which is not an ISO-8601 time with a zone' },
      { value: '2026-03-15T18:30:22', error: 'which is not an ISO-8601 time with a zone' },
      { value: '2026-02-30T18:30:22Z', error: 'which is not a real date and time' },
    ],
    'timeout-minutes': [
      { value: '1441', error: 'has the value 1441, which is out of range. Expected a whole number from 1 to 1440' },
      { value: 'one hour', error: 'which is not a whole number' },
    ],
  },

  'destroy-guard': {
    confirmation: {
      anyValue:
        'The typed confirmation is compared with expected at run time: any value, empty included, is a legitimate attempt, and a wrong one blocks the destroy as a failed check shown beside every other check (destroy-guard.test.ts), never echoed.',
    },
    expected: [
      { value: '', error: 'is empty. Expected one line of visible characters' },
      { value: ' PROD-DESTROY-CONFIRM', error: 'has leading or trailing whitespace' },
      { value: 'PROD\nDESTROY', error: 'contains a line break or control character' },
    ],
    environment: [
      { value: '', error: 'is required but was empty. Expected the name of the protected GitHub environment' },
      { value: 'prod\nuction', error: 'Expected a GitHub environment name: one line of at most 255 characters' },
    ],
    'require-reviewers': [{ value: 'yes', error: 'has the value "yes". Expected true or false' }],
    'require-approval-by-other': [
      { value: 'no', error: 'has the value "no". Expected true or false' },
      { value: 'true', with: { 'require-reviewers': 'false' }, error: 'is true while require-reviewers is false' },
    ],
    'allow-rerun': [{ value: 'maybe', error: 'has the value "maybe". Expected true or false' }],
    'allowed-refs': [
      { value: '', error: 'is empty. Expected full ref names' },
      { value: 'main', error: 'has the entry "main". Expected full ref names' },
      { value: 'refs/heads/*', error: 'has the entry "refs/heads/*"' },
    ],
    'allowed-events': [
      { value: '', error: 'is empty. Expected events that a person triggers' },
      { value: 'workflow_dispatch, pull_request_target', error: 'has the entry "pull_request_target", which is not an event a person triggers' },
    ],
    'github-token': [{ value: '', error: 'is required but was empty. Expected a token' }],
  },

  'change-ticket-summary': {
    'change-ticket': [
      { value: '', error: 'is required but was empty' },
      { value: 'JIRA-1', error: 'has the value "JIRA-1", which does not match the ticket pattern' },
      { value: 'CHG-2026-001\nCHG-2026-002', error: 'contains a line break or control character' },
      { value: 'CHG-2026-1', error: 'does not match the ticket pattern', with: { pattern: 'CHG-[0-9]{4}-[0-9]{3}' } },
    ],
    action: [
      { value: '', error: 'is required but was empty' },
      { value: 'deploy now', error: 'has the value "deploy now". Expected one word' },
      { value: 'x'.repeat(41), error: 'Expected one word of at most 40 letters' },
    ],
    pattern: [
      { value: '(CHG', error: 'is not a valid regular expression' },
      { value: '.*', error: 'matches an empty ticket' },
    ],
    environment: [{ value: 'prod\nuction', error: 'Expected an environment name: one line of at most 255 characters' }],
    image: [{ value: 'contoso.azurecr.io/migrations', error: 'without a tag or digest' }],
    details: [
      { value: 'JOB', error: "has line 1 without '='" },
      { value: 'JOB=a\nJOB=b', error: 'sets JOB twice' },
      { value: '$(id)=x', error: 'has line 1 with the name "$(id)"' },
    ],
    stage: [{ value: 'later', error: 'has the value "later". Expected one of request, final' }],
    outcome: [
      { value: 'success', error: 'is set while stage is request' },
      { value: 'done', with: { stage: 'final' }, error: 'has the value "done". Expected one of success, failure, cancelled, skipped' },
    ],
    'github-token': [{ value: '', with: { stage: 'final', outcome: 'success' }, error: 'is required but was empty' }],
  },
};
