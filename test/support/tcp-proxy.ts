// A TCP proxy on loopback in front of a server (here PostgreSQL): `close()` drops every
// connection and stops listening, so new connections are refused; `open()` listens again on
// the same port.
import { createServer, connect, type Server, type Socket } from 'node:net';

export interface TcpProxy {
  port: number;
  open(): Promise<void>;
  close(): Promise<void>;
}

/** Starts a proxy from a free loopback port to target host:port. */
export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  const sockets = new Set<Socket>();
  let server: Server | undefined;
  let port = 0;
  const listen = () =>
    new Promise<void>((resolve, reject) => {
      const s = createServer((client) => {
        const upstream = connect(target.port, target.host);
        for (const socket of [client, upstream]) {
          sockets.add(socket);
          socket.on('close', () => sockets.delete(socket));
          socket.on('error', () => {
            client.destroy();
            upstream.destroy();
          });
        }
        client.pipe(upstream).pipe(client);
      });
      s.once('error', reject);
      s.listen(port, '127.0.0.1', () => {
        const address = s.address();
        port = typeof address === 'object' && address ? address.port : port;
        server = s;
        resolve();
      });
    });
  await listen();
  return {
    get port() {
      return port;
    },
    open: () => (server ? Promise.resolve() : listen()),
    close: () =>
      new Promise<void>((resolve) => {
        const s = server;
        server = undefined;
        for (const socket of sockets) socket.destroy();
        if (!s) resolve();
        else s.close(() => resolve());
      }),
  };
}
