import { connect, createServer, type Server, type Socket } from 'node:net';

/** A TCP proxy in front of one server that can cut its connections without closing them. */
export interface TcpFaultProxy {
  port: number;
  /**
   * Half-opens every connection open now: from here on they carry nothing either way and are
   * never closed (the peer vanished, or a firewall dropped the flow), as a real network fault
   * leaves them. Connections opened later work normally.
   */
  halfOpen(): void;
  /**
   * From here on, every connection open now carries requests to the server but no answers back
   * (the answers are lost on the way), and is never closed. Connections opened later work.
   */
  dropAnswers(): void;
  /** Connections currently open (half-open ones included). */
  readonly connections: number;
  close(): Promise<void>;
}

/**
 * Starts a proxy to `target` on loopback: on `listenPort`, or a free port (a server that
 * advertises its address, as Kafka does, must be told the proxy's port before it starts).
 */
export async function startTcpFaultProxy(
  target: { host: string; port: number },
  listenPort = 0,
): Promise<TcpFaultProxy> {
  const pairs = new Set<{ client: Socket; server: Socket; cut: boolean; mute: boolean }>();
  const server: Server = createServer((client) => {
    const upstream = connect(target.port, target.host);
    const pair = { client, server: upstream, cut: false, mute: false };
    pairs.add(pair);
    client.on('data', (chunk: Buffer) => void (pair.cut || upstream.write(chunk)));
    upstream.on('data', (chunk: Buffer) => void (pair.cut || pair.mute || client.write(chunk)));
    const end = (): void => {
      pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    // A half-open connection does not tell the client that the server went (that is the
    // fault); the client giving up on it is passed on, so the server's session ends too.
    client.on('close', end);
    upstream.on('close', () => void (pair.cut || pair.mute || end()));
    client.on('error', () => undefined);
    upstream.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(listenPort, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('proxy has no port');
  return {
    port: address.port,
    halfOpen() {
      for (const pair of pairs) pair.cut = true;
    },
    dropAnswers() {
      for (const pair of pairs) pair.mute = true;
    },
    get connections() {
      return pairs.size;
    },
    async close() {
      for (const { client, server: upstream } of pairs) {
        client.destroy();
        upstream.destroy();
      }
      pairs.clear();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
