import { createServer, type IncomingMessage, type Server } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';

/** One CONNECT the proxy was asked for. */
export interface Tunnel {
  /** host:port as the client asked for it. */
  authority: string;
  /** Whether the proxy could map it to a listener and opened the tunnel. */
  opened: boolean;
}

export interface ConnectProxy {
  /** http://127.0.0.1:PORT, for HTTPS_PROXY. */
  url: string;
  tunnels: Tunnel[];
  /** Plain (non-CONNECT) requests it refused. */
  refusedRequests: string[];
  stop(): Promise<void>;
}

const MAX_CONNECTIONS = 64;

/**
 * A small forward proxy for tests: loopback only, CONNECT only, and it resolves host names from its
 * own table, so a host such as `azure.test` is reachable through it and through nothing else (a
 * request that bypasses the proxy fails to resolve). Every tunnel is recorded. Bounded: at most 64
 * connections, each closed at stop().
 */
export async function startConnectProxy(hosts: Record<string, number>): Promise<ConnectProxy> {
  const tunnels: Tunnel[] = [];
  const refusedRequests: string[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((req, res) => {
    refusedRequests.push(`${req.method} ${req.url}`);
    res.writeHead(405, { 'content-type': 'text/plain' }).end('This proxy only tunnels (CONNECT).\n');
  });
  server.maxConnections = MAX_CONNECTIONS;
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.on('connect', (req: IncomingMessage, client: Socket, head: Buffer) => {
    const authority = req.url ?? '';
    const match = /^([A-Za-z0-9.-]+):(\d{1,5})$/.exec(authority);
    const port = match ? hosts[match[1]!.toLowerCase()] : undefined;
    if (!match || port === undefined || Number(match[2]) !== port) {
      tunnels.push({ authority, opened: false });
      client.end('HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    tunnels.push({ authority, opened: true });
    const upstream = connect(port, '127.0.0.1', () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    sockets.add(upstream);
    upstream.on('close', () => {
      sockets.delete(upstream);
      client.destroy();
    });
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
    client.on('close', () => upstream.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    tunnels,
    refusedRequests,
    stop: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
