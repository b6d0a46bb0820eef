import { InputError, quote, rawInput } from '@te-actions/action-kit';

/**
 * Azure's rule for Microsoft.DBforPostgreSQL/flexibleServers names: 3-63 characters, lowercase
 * letters, digits and hyphens, not starting or ending with a hyphen (the name becomes the host name
 * <name>.postgres.database.azure.com; azure-cli's rdbms validators check the same length).
 */
const SERVER_NAME = /^(?=.{3,63}$)[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/;
const SERVER_EXPECTED =
  'a PostgreSQL flexible server name: 3-63 lowercase letters, digits and hyphens, not starting or ending with a hyphen (the server name, not its host name)';

/**
 * On-demand backup names: azure-cli refuses empty names and names over 128 characters; this also
 * keeps them to characters that need no escaping anywhere they are shown or sent.
 */
const BACKUP_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/;
const BACKUP_EXPECTED = 'a backup name: 1-128 letters, digits, hyphens, underscores and periods, starting with a letter or digit';

export function checkServerName(input: string, value: string): string {
  if (!value) throw new InputError(input, 'is required but was empty', SERVER_EXPECTED);
  if (!SERVER_NAME.test(value)) throw new InputError(input, `has the value ${quote(value)}, which breaks Azure's naming rules`, SERVER_EXPECTED);
  return value;
}

/** A required input naming a PostgreSQL flexible server. */
export function serverNameInput(input: string): string {
  return checkServerName(input, rawInput(input));
}

export function checkBackupName(input: string, value: string): string {
  if (!BACKUP_NAME.test(value)) throw new InputError(input, `has the value ${quote(value)}, which breaks Azure's naming rules`, BACKUP_EXPECTED);
  return value;
}

/** The backup name for a run: `pre-migration-<run id>-<attempt>`, unique per attempt. */
export function defaultBackupName(runId: string | undefined, runAttempt: string | undefined, now = new Date()): string {
  const run = runId && /^\d+$/.test(runId) ? runId : now.toISOString().replace(/[-:]/g, '').replace(/\..*$/, '');
  const attempt = runAttempt && /^\d+$/.test(runAttempt) ? runAttempt : '1';
  return `pre-migration-${run}-${attempt}`;
}
