import { proxyFor } from '../src/proxy.js';

const VARIABLES = ['https_proxy', 'HTTPS_PROXY', 'http_proxy', 'HTTP_PROXY', 'all_proxy', 'ALL_PROXY', 'no_proxy', 'NO_PROXY'];
let saved: Record<string, string | undefined>;

function withEnv(values: Record<string, string>): void {
  for (const name of VARIABLES) delete process.env[name];
  Object.assign(process.env, values);
}

beforeEach(() => {
  saved = Object.fromEntries(VARIABLES.map((name) => [name, process.env[name]]));
});

afterEach(() => {
  for (const name of VARIABLES) {
    if (saved[name] === undefined) delete process.env[name];
    else process.env[name] = saved[name];
  }
});

const at = (url: string) => proxyFor(new URL(url))?.href;

describe('proxyFor', () => {
  test('no proxy variable: no proxy', () => {
    withEnv({});
    expect(at('https://management.azure.com/x')).toBeUndefined();
  });

  test('HTTPS_PROXY or https_proxy for https, HTTP_PROXY for http', () => {
    withEnv({ HTTPS_PROXY: 'http://proxy.corp:3128' });
    expect(at('https://management.azure.com/x')).toBe('http://proxy.corp:3128/');
    withEnv({ https_proxy: 'http://lower.corp:3128' });
    expect(at('https://login.microsoftonline.com/t')).toBe('http://lower.corp:3128/');
    withEnv({ HTTP_PROXY: 'http://plain.corp:8080' });
    expect(at('http://example.test/')).toBe('http://plain.corp:8080/');
  });

  test('NO_PROXY: host names, suffixes, ports, *', () => {
    withEnv({ HTTPS_PROXY: 'http://proxy.corp:3128', NO_PROXY: 'management.azure.com,.blob.core.windows.net,vault.test:8443' });
    expect(at('https://management.azure.com/x')).toBeUndefined();
    expect(at('https://acct.blob.core.windows.net/c/b')).toBeUndefined();
    expect(at('https://vault.test:8443/')).toBeUndefined();
    expect(at('https://vault.test/')).toBe('http://proxy.corp:3128/');
    expect(at('https://api.loganalytics.io/v1')).toBe('http://proxy.corp:3128/');
    withEnv({ HTTPS_PROXY: 'http://proxy.corp:3128', no_proxy: '*' });
    expect(at('https://management.azure.com/x')).toBeUndefined();
  });

  test('loopback is never proxied, whatever NO_PROXY says', () => {
    withEnv({ HTTPS_PROXY: 'http://proxy.corp:3128', HTTP_PROXY: 'http://proxy.corp:3128' });
    for (const url of ['https://127.0.0.1:8443/', 'http://127.1.2.3/', 'https://localhost/', 'https://[::1]:9000/', 'https://app.localhost/']) expect(at(url)).toBeUndefined();
  });
});
