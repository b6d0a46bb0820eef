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
}

const KNOWN: Record<CloudName, Omit<CloudEndpoints, 'name' | 'customized'>> = {
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

function endpoint(variable: string, env: NodeJS.ProcessEnv): string | undefined {
  const value = env[variable]?.trim();
  if (!value) return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`Environment variable ${variable} is ${JSON.stringify(value)}, which is not a URL. Expected an https URL such as https://management.azure.com.`);
  }
  if (url.protocol !== 'https:') {
    throw new Error(`Environment variable ${variable} must be an https URL (tokens are never sent over plain HTTP), got ${JSON.stringify(value)}.`);
  }
  return value.replace(/\/+$/, '');
}

/**
 * The endpoints of a cloud, with the overrides read from the environment:
 * AZURE_AUTHORITY_HOST, AZURE_RESOURCE_MANAGER_ENDPOINT and AZURE_LOG_ANALYTICS_ENDPOINT.
 */
export function resolveCloud(name: CloudName, env: NodeJS.ProcessEnv = process.env): CloudEndpoints {
  const known = KNOWN[name];
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
  };
}

/** The OAuth scope for a resource endpoint. */
export function scopeFor(resource: string): string {
  return `${resource.replace(/\/+$/, '')}/.default`;
}
