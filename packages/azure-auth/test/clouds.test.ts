import { resolveCloud, scopeFor } from '../src/clouds.js';
import { resourcePath } from '../src/resource-path.js';
import { assertIdTokenAvailable } from '../src/github-id-token.js';

describe('clouds', () => {
  test.each([
    ['AzureCloud', 'https://management.azure.com', 'https://login.microsoftonline.com', 'https://api.loganalytics.io'],
    ['AzureUSGovernment', 'https://management.usgovcloudapi.net', 'https://login.microsoftonline.us', 'https://api.loganalytics.us'],
    ['AzureChinaCloud', 'https://management.chinacloudapi.cn', 'https://login.chinacloudapi.cn', 'https://api.loganalytics.azure.cn'],
  ] as const)('%s endpoints', (name, arm, authority, logs) => {
    expect(resolveCloud(name, {})).toMatchObject({ resourceManager: arm, authorityHost: authority, logAnalytics: logs, customized: false });
  });

  test('overrides from the environment, trailing slash removed', () => {
    const cloud = resolveCloud('AzureCloud', { AZURE_RESOURCE_MANAGER_ENDPOINT: 'https://arm.stack.local/', AZURE_AUTHORITY_HOST: 'https://adfs.stack.local' });
    expect(cloud).toMatchObject({ resourceManager: 'https://arm.stack.local', authorityHost: 'https://adfs.stack.local', customized: true });
    expect(scopeFor(cloud.resourceManager)).toBe('https://arm.stack.local/.default');
  });

  test('plain HTTP or garbage overrides are refused with the variable named', () => {
    expect(() => resolveCloud('AzureCloud', { AZURE_RESOURCE_MANAGER_ENDPOINT: 'http://arm.local' })).toThrow('AZURE_RESOURCE_MANAGER_ENDPOINT must be an https URL');
    expect(() => resolveCloud('AzureCloud', { AZURE_LOG_ANALYTICS_ENDPOINT: 'not a url' })).toThrow('AZURE_LOG_ANALYTICS_ENDPOINT is "not a url", which is not a URL');
  });
});

describe('resourcePath', () => {
  test('encodes every interpolated value as one segment', () => {
    expect(resourcePath`/jobs/${'a/../b?x=1#y'}/executions/${'e 1'}`).toBe('/jobs/a%2F..%2Fb%3Fx%3D1%23y/executions/e%201');
  });

  test('refuses dot segments and empty values', () => {
    expect(() => resourcePath`/jobs/${'..'}`).toThrow('Invalid resource name segment');
    expect(() => resourcePath`/jobs/${''}`).toThrow('Invalid resource name segment');
  });
});

describe('GitHub ID token', () => {
  test('missing request variables name the permission to add', () => {
    expect(() => assertIdTokenAvailable({})).toThrow('permissions:\n    id-token: write');
    expect(() => assertIdTokenAvailable({ ACTIONS_ID_TOKEN_REQUEST_URL: 'https://x', ACTIONS_ID_TOKEN_REQUEST_TOKEN: 't' })).not.toThrow();
  });
});
