// proxy-from-env 2.x ships no type declarations; this is the one function used.
declare module 'proxy-from-env' {
  /** The proxy URL for a URL from the standard environment variables, or '' for none. */
  export function getProxyForUrl(url: string | URL): string;
}
