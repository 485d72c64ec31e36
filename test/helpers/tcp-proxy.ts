// A TCP proxy in the test process between Keyfront and a database server, to stop or freeze "the
// database" without touching the machine's shared servers: `freeze()` stops forwarding bytes
// (a hung server), `stop()` refuses connections (a stopped server), `resume()` heals both.
import { createConnection, createServer, type Server, type Socket } from 'node:net';

export interface TcpProxy {
  port: number;
  freeze(): void;
  stop(): Promise<void>;
  resume(): Promise<void>;
  close(): Promise<void>;
}

export async function startTcpProxy(targetHost: string, targetPort: number): Promise<TcpProxy> {
  const pairs = new Set<[Socket, Socket]>();
  let frozen = false;
  let server: Server | null = null;
  let port = 0;

  const listen = () =>
    new Promise<void>((resolve) => {
      server = createServer((client) => {
        const upstream = createConnection({ host: targetHost, port: targetPort });
        const pair: [Socket, Socket] = [client, upstream];
        pairs.add(pair);
        const forward = (from: Socket, to: Socket) =>
          from.on('data', (chunk) => {
            // Frozen: bytes are swallowed, as by a server that stopped answering.
            if (!frozen) to.write(chunk);
          });
        forward(client, upstream);
        forward(upstream, client);
        const end = () => {
          pairs.delete(pair);
          client.destroy();
          upstream.destroy();
        };
        client.on('error', end).on('close', end);
        upstream.on('error', end).on('close', end);
      });
      server.listen(port, '127.0.0.1', () => {
        port = (server!.address() as { port: number }).port;
        resolve();
      });
    });
  const cut = () => {
    for (const [a, b] of pairs) {
      a.destroy();
      b.destroy();
    }
    pairs.clear();
  };
  const closeServer = () => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));

  await listen();
  return {
    get port() {
      return port;
    },
    freeze() {
      frozen = true;
    },
    async stop() {
      const closing = closeServer();
      cut();
      await closing;
      server = null;
    },
    async resume() {
      // Connections that timed out during a freeze were cut by Keyfront itself; nothing to heal here.
      frozen = false;
      if (!server) await listen();
    },
    async close() {
      const closing = closeServer();
      cut();
      await closing;
    },
  };
}
