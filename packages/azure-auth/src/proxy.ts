import { getProxyForUrl } from 'proxy-from-env';
import type { Dispatcher } from 'undici';

/**
 * Which proxy a request goes through, from HTTPS_PROXY / HTTP_PROXY / ALL_PROXY and NO_PROXY (either
 * case, lower case first, as curl reads them; NO_PROXY entries may be host names, `.suffix` or
 * `*.suffix`, with or without a port, or `*`), read with `proxy-from-env`. Loopback addresses are
 * never proxied, as the runner's own HTTP client does (actions/http-client `checkBypass`).
 * Node's fetch and node:https ignore these variables, so every request of te-actions asks here.
 * (proxy-from-env reads process.env itself, as the variables are read at each request.)
 */
export function proxyFor(url: URL): URL | undefined {
  if (isLoopback(url.hostname)) return undefined;
  if (!anyProxyVariable(process.env)) return undefined;
  const proxy = getProxyForUrl(url.href);
  if (!proxy) return undefined;
  try {
    return new URL(proxy);
  } catch {
    throw new Error(`The proxy for ${url.origin} from HTTPS_PROXY / HTTP_PROXY is not a URL; expected e.g. http://proxy.example:3128.`);
  }
}

const PROXY_VARIABLES = ['https_proxy', 'HTTPS_PROXY', 'http_proxy', 'HTTP_PROXY', 'all_proxy', 'ALL_PROXY'];

/** True when any proxy variable is set: only then is the proxy code (undici) loaded at all. */
export function anyProxyVariable(env: NodeJS.ProcessEnv = process.env): boolean {
  return PROXY_VARIABLES.some((name) => Boolean(env[name]?.trim()));
}

function isLoopback(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return host === 'localhost' || host.endsWith('.localhost') || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host);
}

type Undici = Pick<typeof import('undici'), 'ProxyAgent' | 'request' | 'fetch'>;
let undici: Promise<Undici> | undefined;
const agents = new Map<string, Dispatcher>();

/** undici, loaded on the first proxied request (its own chunk: actions without a proxy never load it). */
export function loadUndici(): Promise<Undici> {
  // undici is CommonJS: bundled, its exports arrive on the namespace's default.
  undici ??= import('undici').then((namespace) => {
    const module = ((namespace as { default?: Undici }).default ?? namespace) as Undici;
    return { ProxyAgent: module.ProxyAgent, request: module.request, fetch: module.fetch };
  });
  return undici;
}

/**
 * The one CONNECT-tunnelling dispatcher per proxy: undici's ProxyAgent, keep-alive, TLS to the target
 * end to end through the tunnel (the proxy sees only host and port), credentials in the proxy URL
 * sent as Proxy-Authorization.
 */
export async function proxyDispatcher(proxy: URL): Promise<Dispatcher> {
  const key = proxy.href;
  const existing = agents.get(key);
  if (existing) return existing;
  const { ProxyAgent } = await loadUndici();
  const agent = new ProxyAgent({ uri: proxy.href, keepAliveTimeout: 30_000, connections: 16 });
  agents.set(key, agent);
  return agent;
}

/**
 * A fetch that honours the proxy variables, for clients that take a fetch (Octokit): undici's own
 * fetch through the proxy's dispatcher when the URL is proxied, the global fetch otherwise.
 */
export async function proxiedFetch(input: string | URL | Request, init?: RequestInit): Promise<Response> {
  const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
  const proxy = proxyFor(url);
  if (!proxy) return fetch(input, init);
  const [{ fetch: undiciFetch }, dispatcher] = await Promise.all([loadUndici(), proxyDispatcher(proxy)]);
  return (await undiciFetch(input as Parameters<typeof undiciFetch>[0], { ...(init as Parameters<typeof undiciFetch>[1]), dispatcher })) as unknown as Response;
}
