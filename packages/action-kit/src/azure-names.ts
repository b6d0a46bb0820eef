import { InputError } from './input-error.js';
import { quote, rawInput } from './inputs.js';

/** Azure's naming rules for the resources the actions address. */
export interface NameRule {
  pattern: RegExp;
  expected: string;
}

export const AZURE_NAME_RULES = {
  subscriptionId: {
    pattern: /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/,
    expected: 'a subscription ID (a GUID such as 00000000-0000-0000-0000-000000000000)',
  },
  tenantId: {
    pattern: /^([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|[A-Za-z0-9][A-Za-z0-9-]*(\.[A-Za-z0-9-]+)+)$/,
    expected: 'a tenant ID (a GUID) or a verified domain such as contoso.onmicrosoft.com',
  },
  clientId: {
    pattern: /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/,
    expected: 'the application (client) ID of the app registration or managed identity (a GUID)',
  },
  resourceGroup: {
    pattern: /^[-\w._()]{0,89}[-\w_()]$/u,
    expected: 'a resource group name: 1-90 letters, digits, underscores, hyphens, periods or parentheses, not ending in a period',
  },
  containerAppsJob: {
    pattern: /^(?=.{2,32}$)[a-z][a-z0-9]*(-[a-z0-9]+)*$/,
    expected: 'a Container Apps job name: 2-32 lowercase letters, digits and single hyphens, starting with a letter and ending with a letter or digit',
  },
  containerName: {
    pattern: /^(?=.{1,63}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?$/,
    expected: 'a container name: 1-63 lowercase letters, digits and hyphens, starting and ending with a letter or digit',
  },
  jobExecution: {
    pattern: /^(?=.{1,63}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?$/,
    expected: 'a job execution name such as my-job-abc1234 (lowercase letters, digits and hyphens)',
  },
  containerRegistry: {
    pattern: /^[a-zA-Z0-9]{5,50}$/,
    expected: 'a container registry name: 5-50 letters and digits (no hyphens or dots), e.g. contosoregistry',
  },
  agentPool: {
    pattern: /^(?=.{3,20}$)[a-zA-Z0-9]([-a-zA-Z0-9]*[a-zA-Z0-9])?$/,
    expected: 'an ACR agent pool name: 3-20 letters, digits and hyphens',
  },
  workspaceId: {
    pattern: /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/,
    expected: 'a Log Analytics workspace ID (the workspace\'s customer ID, a GUID)',
  },
} satisfies Record<string, NameRule>;

export type AzureNameKind = keyof typeof AZURE_NAME_RULES;

export function checkAzureName(input: string, kind: AzureNameKind, value: string): string {
  const rule: NameRule = AZURE_NAME_RULES[kind];
  if (!value) throw new InputError(input, 'is required but was empty', rule.expected);
  if (!rule.pattern.test(value)) throw new InputError(input, `has the value ${quote(value)}, which breaks Azure's naming rules`, rule.expected);
  return value;
}

/** A required input that must follow one of Azure's naming rules. */
export function azureName(input: string, kind: AzureNameKind): string {
  return checkAzureName(input, kind, rawInput(input));
}

/** An optional input that must follow one of Azure's naming rules when given. */
export function optionalAzureName(input: string, kind: AzureNameKind): string | undefined {
  const value = rawInput(input);
  return value === '' ? undefined : checkAzureName(input, kind, value);
}
