import { openStream } from '@te-actions/azure-auth';
import { parseStreamLine, type LogLine } from './log-line.js';

export interface LiveStreamOptions {
  endpoint: string;
  token: string;
  source: string;
  /** Lines already written before the stream is opened (the service's tailLines). */
  tailLines?: number;
  signal?: AbortSignal;
  onLine: (line: LogLine) => void;
}

/**
 * Reads one container's live log stream to its end (the service closes it when the container
 * exits). Resolves true when the stream ended cleanly, false when it failed or was refused.
 */
export function readLiveStream(options: LiveStreamOptions): Promise<boolean> {
  return new Promise((resolve) => {
    let url: URL;
    try {
      url = new URL(options.endpoint);
    } catch {
      return resolve(false);
    }
    if (url.protocol !== 'https:') return resolve(false);
    url.searchParams.set('follow', 'true');
    url.searchParams.set('output', 'text');
    url.searchParams.set('tailLines', String(options.tailLines ?? 300));
    let settled = false;
    const finish = (clean: boolean) => {
      if (settled) return;
      settled = true;
      resolve(clean);
    };
    // Through azure-auth's transport, so HTTPS_PROXY / NO_PROXY apply as to every other request.
    openStream({ url, headers: { authorization: `Bearer ${options.token}`, accept: 'text/plain' }, signal: options.signal }).then(
      (response) => {
        if (response.status !== 200) {
          response.body.resume();
          return finish(false);
        }
        response.body.setEncoding('utf8');
        let pending = '';
        response.body.on('data', (chunk: string) => {
          pending += chunk;
          let at: number;
          while ((at = pending.indexOf('\n')) >= 0) {
            const raw = pending.slice(0, at).replace(/\r$/, '');
            pending = pending.slice(at + 1);
            options.onLine(parseStreamLine(raw, options.source));
          }
        });
        response.body.on('end', () => {
          if (pending) options.onLine(parseStreamLine(pending, options.source));
          finish(response.complete());
        });
        response.body.on('error', () => finish(false));
        response.body.on('close', () => finish(false));
      },
      () => finish(false),
    );
  });
}
