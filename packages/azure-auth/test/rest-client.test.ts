import { jest } from '@jest/globals';
import nock from 'nock';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TokenCredential } from '@azure/core-auth';
import { RestClient } from '../src/rest-client.js';
import { AzureRequestError } from '../src/azure-request-error.js';

const BASE = 'https://arm.test';

function credential(tokens: string[] = ['token-1', 'token-2', 'token-3']): TokenCredential & { calls: number } {
  const result = {
    calls: 0,
    getToken: async () => ({ token: tokens[Math.min(result.calls++, tokens.length - 1)]!, expiresOnTimestamp: Date.now() + 3600_000 }),
  };
  return result;
}

function client(options: Partial<ConstructorParameters<typeof RestClient>[0]> = {}) {
  return new RestClient({ baseUrl: BASE, credential: credential(), scope: `${BASE}/.default`, retry: { initialDelayMs: 10, maxDelayMs: 20, attemptTimeoutMs: 5000 }, ...options });
}

beforeAll(() => {
  nock.disableNetConnect();
  nock.enableNetConnect('127.0.0.1');
});

/** A local server whose first `resets` requests lose their connection. */
async function flakyServer(resets: number): Promise<{ base: string; hits: () => number; server: Server }> {
  let hits = 0;
  const server = createServer((req, res) => {
    hits++;
    if (hits <= resets) return req.socket.destroy();
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":1}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, hits: () => hits, server };
}
afterEach(() => nock.cleanAll());
afterAll(() => {
  nock.enableNetConnect();
  nock.restore();
});

describe('request IDs in errors and retry lines', () => {
  const info = jest.spyOn(process.stdout, 'write');
  afterEach(() => info.mockClear());

  test('an ARM error and each retry line name x-ms-request-id and x-ms-correlation-request-id', async () => {
    // Header names and shape as ARM answers (Azure/azure-powershell src/App/App.Autorest/test/AzContainerAppJob.Recording.json).
    nock(BASE)
      .get('/thing')
      .reply(503, { error: { code: 'ServiceUnavailable', message: 'busy' } }, { 'x-ms-request-id': 'req-1', 'x-ms-correlation-request-id': 'corr-1' })
      .get('/thing')
      .reply(404, { error: { code: 'ResourceNotFound', message: 'gone' } }, { 'x-ms-request-id': 'req-2', 'x-ms-correlation-request-id': 'corr-2' });
    const error = await client().request({ method: 'GET', path: '/thing', what: 'Reading thing' }).catch((e: unknown) => e);
    expect((error as Error).message).toBe('Reading thing failed: HTTP 404 ResourceNotFound: gone (x-ms-request-id: req-2, x-ms-correlation-request-id: corr-2)');
    expect((error as AzureRequestError).requestIds).toEqual({ requestId: 'req-2', correlationRequestId: 'corr-2' });
    const printed = info.mock.calls.map((call) => String(call[0])).join('');
    expect(printed).toMatch(/Reading thing: HTTP 503; retrying in \S+ s \(attempt 2 of 7\)\. \(x-ms-request-id: req-1, x-ms-correlation-request-id: corr-1\)/);
  });

  test("a Log Analytics error names its body's correlationId", async () => {
    // Azure/azure-sdk-for-net sdk/monitor/Azure.Monitor.Query.Logs/TROUBLESHOOTING.md: {"error":{"message","code","correlationId"}}.
    nock(BASE)
      .post('/v1/workspaces/w/query')
      .reply(403, { error: { message: 'The provided credentials have insufficient access to perform the requested operation', code: 'InsufficientAccessError', correlationId: '5a2c1f0e-0b7e-4f6c-9d7a-3c1e2b4a5d6f' } });
    await expect(client().request({ method: 'POST', path: '/v1/workspaces/w/query', body: {}, what: 'Querying Log Analytics' })).rejects.toThrow(
      'Querying Log Analytics failed: HTTP 403 InsufficientAccessError: The provided credentials have insufficient access to perform the requested operation (correlationId: 5a2c1f0e-0b7e-4f6c-9d7a-3c1e2b4a5d6f)',
    );
  });

  test('an ID that is not an identifier is left out, so a header cannot inject text', async () => {
    nock(BASE).get('/thing').reply(400, { error: { code: 'Bad', message: 'no' } }, { 'x-ms-request-id': 'a b ::error::x' });
    await expect(client().request({ method: 'GET', path: '/thing', what: 'Reading thing' })).rejects.toThrow(/^Reading thing failed: HTTP 400 Bad: no$/);
  });
});

describe('RestClient retry policy', () => {
  test('retries 429 after the Retry-After delay, with the bearer token', async () => {
    const scope = nock(BASE, { reqheaders: { authorization: 'Bearer token-1' } })
      .get('/thing')
      .reply(429, { error: { code: 'TooManyRequests', message: 'slow down' } }, { 'Retry-After': '1' })
      .get('/thing')
      .reply(200, { ok: true });
    const started = Date.now();
    const response = await client().request({ method: 'GET', path: '/thing', what: 'Reading thing' });
    expect(response.body).toEqual({ ok: true });
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    scope.done();
  });

  test('retries 500/503 and gives up after maxRetries with the service error', async () => {
    nock(BASE).get('/thing').times(3).reply(503, { error: { code: 'ServiceUnavailable', message: 'busy' } });
    const error = await client({ retry: { maxRetries: 2, initialDelayMs: 1, maxDelayMs: 2 } })
      .request({ method: 'GET', path: '/thing', what: 'Reading thing' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AzureRequestError);
    expect((error as Error).message).toBe('Reading thing failed: HTTP 503 ServiceUnavailable: busy');
  });

  test('does not retry 400 and reports code and message', async () => {
    nock(BASE).patch('/thing').reply(400, { error: { code: 'InvalidParameter', message: 'bad image' } });
    await expect(client().request({ method: 'PATCH', path: '/thing', body: {}, what: 'Updating thing' })).rejects.toThrow('Updating thing failed: HTTP 400 InvalidParameter: bad image');
  });

  test('a POST is not retried after a lost connection (it may have run)', async () => {
    const flaky = await flakyServer(1);
    try {
      await expect(client({ baseUrl: flaky.base }).request({ method: 'POST', path: '/start', what: 'Starting job' })).rejects.toThrow(/^Starting job failed: /);
      expect(flaky.hits()).toBe(1);
    } finally {
      flaky.server.close();
    }
  });

  test('a POST is retried on 429 (the request was not processed)', async () => {
    nock(BASE).post('/start').reply(429, {}, { 'Retry-After': '0' }).post('/start').reply(202, {});
    await expect(client().request({ method: 'POST', path: '/start', what: 'Starting job' })).resolves.toMatchObject({ status: 202 });
  });

  test('a GET is retried after a connection reset', async () => {
    const flaky = await flakyServer(1);
    try {
      await expect(client({ baseUrl: flaky.base }).request({ method: 'GET', path: '/thing', what: 'Reading thing' })).resolves.toMatchObject({ status: 200, body: { ok: 1 } });
      expect(flaky.hits()).toBe(2);
    } finally {
      flaky.server.close();
    }
  });

  test('a 401 gets one fresh token and a second attempt', async () => {
    const cred = credential(['old', 'new']);
    nock(BASE).get('/thing').matchHeader('authorization', 'Bearer old').reply(401, { error: { code: 'ExpiredAuthenticationToken' } });
    nock(BASE).get('/thing').matchHeader('authorization', 'Bearer new').reply(200, {});
    await expect(client({ credential: cred }).request({ method: 'GET', path: '/thing', what: 'x' })).resolves.toMatchObject({ status: 200 });
    expect(cred.calls).toBe(2);
  });

  test('never sends the token to another origin', async () => {
    await expect(client().request({ method: 'GET', path: 'https://evil.example/steal', what: 'Polling' })).rejects.toThrow('Refusing to send credentials to https://evil.example');
  });

  test('allowed statuses are returned, not thrown', async () => {
    nock(BASE).get('/missing').reply(404, { error: { code: 'ResourceNotFound' } });
    await expect(client().request({ method: 'GET', path: '/missing', what: 'x', allow: [404] })).resolves.toMatchObject({ status: 404 });
  });

  test('an aborted signal stops retrying at once', async () => {
    const controller = new AbortController();
    nock(BASE).get('/thing').reply(503, {}, { 'Retry-After': '30' });
    const pending = client({ signal: controller.signal }).request({ method: 'GET', path: '/thing', what: 'x' });
    setTimeout(() => controller.abort(new Error('cancelled by test')), 100);
    await expect(pending).rejects.toThrow('cancelled by test');
  });
});
