import { ActionError } from '@te-actions/action-kit';

export const CLOUD_NAMES = ['AzureCloud', 'AzureUSGovernment', 'AzureChinaCloud'] as const;
export type CloudName = (typeof CLOUD_NAMES)[number];

export interface CloudEndpoints {
  name: CloudName;
  /** Entra ID authority host, e.g. https://login.microsoftonline.com */
  authorityHost: string;
  /** Azure Resource Manager endpoint, e.g. https://management.azure.com */
  resourceManager: string;
  /** Log Analytics query endpoint (without /v1), e.g. https://api.loganalytics.io */
  logAnalytics: string;
  /** Azure portal, for links in step summaries. */
  portal: string;
  /** True when an endpoint comes from an override (Azure Stack, a test emulator). */
  customized: boolean;
  /**
   * True when the authority host itself is overridden: only then is MSAL's instance discovery
   * turned off (an ARM or Log Analytics override leaves sign-in to the known cloud's authority).
   */
  authorityCustomized: boolean;
}

const KNOWN: Record<CloudName, Omit<CloudEndpoints, 'name' | 'customized' | 'authorityCustomized'>> = {
  AzureCloud: {
    authorityHost: 'https://login.microsoftonline.com',
    resourceManager: 'https://management.azure.com',
    logAnalytics: 'https://api.loganalytics.io',
    portal: 'https://portal.azure.com',
  },
  AzureUSGovernment: {
    authorityHost: 'https://login.microsoftonline.us',
    resourceManager: 'https://management.usgovcloudapi.net',
    logAnalytics: 'https://api.loganalytics.us',
    portal: 'https://portal.azure.us',
  },
  AzureChinaCloud: {
    authorityHost: 'https://login.chinacloudapi.cn',
    resourceManager: 'https://management.chinacloudapi.cn',
    logAnalytics: 'https://api.loganalytics.azure.cn',
    portal: 'https://portal.azure.cn',
  },
};

/** The environment variables that override a known cloud's endpoints (Azure Stack, a test emulator). */
export const ENDPOINT_OVERRIDES = ['AZURE_AUTHORITY_HOST', 'AZURE_RESOURCE_MANAGER_ENDPOINT', 'AZURE_LOG_ANALYTICS_ENDPOINT'] as const;

/** An endpoint override that cannot be used: refused before any request, naming the variable. */
export class EndpointOverrideError extends ActionError {
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(message);
    this.name = 'EndpointOverrideError';
  }
}

function endpoint(variable: string, env: NodeJS.ProcessEnv): string | undefined {
  const value = env[variable]?.trim();
  if (!value) return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new EndpointOverrideError(variable, `Environment variable ${variable} is ${JSON.stringify(value)}, which is not a URL. Expected an https URL such as https://management.azure.com.`);
  }
  if (url.protocol !== 'https:') {
    throw new EndpointOverrideError(variable, `Environment variable ${variable} must be an https URL (tokens are never sent over plain HTTP), got ${JSON.stringify(value)}.`);
  }
  return value.replace(/\/+$/, '');
}

export interface ResolveCloudOptions {
  /**
   * The step input `allow-custom-endpoints`. An input is written in the workflow file, while an
   * environment variable can be planted by an earlier step (GITHUB_ENV), so an override is honoured
   * only when the step itself allows it; otherwise a variable that is set is refused.
   */
  allowCustomEndpoints?: boolean;
  env?: NodeJS.ProcessEnv;
}

/**
 * The endpoints of a known cloud, or, with `allowCustomEndpoints`, with the overrides read from
 * AZURE_AUTHORITY_HOST, AZURE_RESOURCE_MANAGER_ENDPOINT and AZURE_LOG_ANALYTICS_ENDPOINT. Without it,
 * any of them set is an error naming the variable: a planted authority host would receive the GitHub
 * ID token (or a client secret), a planted ARM or Log Analytics endpoint an access token.
 */
export function resolveCloud(name: CloudName, options: ResolveCloudOptions = {}): CloudEndpoints {
  const env = options.env ?? process.env;
  const known = KNOWN[name];
  if (!options.allowCustomEndpoints) {
    const planted = ENDPOINT_OVERRIDES.find((variable) => env[variable]?.trim());
    if (planted) {
      throw new EndpointOverrideError(
        planted,
        `Environment variable ${planted} is set, but endpoint overrides are honoured only when the step sets the input allow-custom-endpoints: true. ` +
          `Unset ${planted} to use ${name}'s own endpoints, or add allow-custom-endpoints: true to the step (Azure Stack, a private emulator).`,
      );
    }
    return { name, ...known, customized: false, authorityCustomized: false };
  }
  const authorityHost = endpoint('AZURE_AUTHORITY_HOST', env);
  const resourceManager = endpoint('AZURE_RESOURCE_MANAGER_ENDPOINT', env);
  const logAnalytics = endpoint('AZURE_LOG_ANALYTICS_ENDPOINT', env);
  return {
    name,
    authorityHost: authorityHost ?? known.authorityHost,
    resourceManager: resourceManager ?? known.resourceManager,
    logAnalytics: logAnalytics ?? known.logAnalytics,
    portal: known.portal,
    customized: Boolean(authorityHost || resourceManager || logAnalytics),
    authorityCustomized: Boolean(authorityHost),
  };
}

/** The OAuth scope for a resource endpoint. */
export function scopeFor(resource: string): string {
  return `${resource.replace(/\/+$/, '')}/.default`;
}
