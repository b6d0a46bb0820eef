import { resolveCloud, scopeFor } from '../src/clouds.js';
import { resourcePath } from '../src/resource-path.js';
import { assertIdTokenAvailable } from '../src/github-id-token.js';

describe('clouds', () => {
  test.each([
    ['AzureCloud', 'https://management.azure.com', 'https://login.microsoftonline.com', 'https://api.loganalytics.io'],
    ['AzureUSGovernment', 'https://management.usgovcloudapi.net', 'https://login.microsoftonline.us', 'https://api.loganalytics.us'],
    ['AzureChinaCloud', 'https://management.chinacloudapi.cn', 'https://login.chinacloudapi.cn', 'https://api.loganalytics.azure.cn'],
  ] as const)('%s endpoints', (name, arm, authority, logs) => {
    expect(resolveCloud(name, { env: {} })).toMatchObject({ resourceManager: arm, authorityHost: authority, logAnalytics: logs, customized: false });
  });

  test('overrides from the environment with allow-custom-endpoints, trailing slash removed', () => {
    const cloud = resolveCloud('AzureCloud', { allowCustomEndpoints: true, env: { AZURE_RESOURCE_MANAGER_ENDPOINT: 'https://arm.stack.local/', AZURE_AUTHORITY_HOST: 'https://adfs.stack.local' } });
    expect(cloud).toMatchObject({ resourceManager: 'https://arm.stack.local', authorityHost: 'https://adfs.stack.local', customized: true, authorityCustomized: true });
    expect(scopeFor(cloud.resourceManager)).toBe('https://arm.stack.local/.default');
  });

  test('an ARM or Log Analytics override leaves the known authority (and its instance discovery) alone', () => {
    const cloud = resolveCloud('AzureCloud', { allowCustomEndpoints: true, env: { AZURE_RESOURCE_MANAGER_ENDPOINT: 'https://arm.stack.local', AZURE_LOG_ANALYTICS_ENDPOINT: 'https://logs.stack.local' } });
    expect(cloud).toMatchObject({ authorityHost: 'https://login.microsoftonline.com', customized: true, authorityCustomized: false });
  });

  test.each(['AZURE_AUTHORITY_HOST', 'AZURE_RESOURCE_MANAGER_ENDPOINT', 'AZURE_LOG_ANALYTICS_ENDPOINT'])('%s without allow-custom-endpoints is refused, naming the variable', (variable) => {
    expect(() => resolveCloud('AzureCloud', { env: { [variable]: 'https://planted.example' } })).toThrow(`Environment variable ${variable} is set, but endpoint overrides are honoured only when the step sets the input allow-custom-endpoints: true`);
    expect(() => resolveCloud('AzureCloud', { allowCustomEndpoints: false, env: { [variable]: 'https://planted.example' } })).toThrow(variable);
  });

  test('plain HTTP or garbage overrides are refused with the variable named', () => {
    expect(() => resolveCloud('AzureCloud', { allowCustomEndpoints: true, env: { AZURE_RESOURCE_MANAGER_ENDPOINT: 'http://arm.local' } })).toThrow('AZURE_RESOURCE_MANAGER_ENDPOINT must be an https URL');
    expect(() => resolveCloud('AzureCloud', { allowCustomEndpoints: true, env: { AZURE_LOG_ANALYTICS_ENDPOINT: 'not a url' } })).toThrow('AZURE_LOG_ANALYTICS_ENDPOINT is "not a url", which is not a URL');
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
