// Peer for the benchmark: the raw protocol ceiling of the node smpp package (its own client to
// its own server, one bind, a window), the anchor of BENCHMARKS.md, measured in the same run.
// By default the server runs in a child process (client and server each get an event loop, as
// the dispatcher and the simulator do); `inProcess` runs both on this process's event loop.
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import smpp from 'smpp';

interface SmppSession {
  on(event: string, listener: (pdu: SmppPdu) => void): void;
  send(pdu: unknown): void;
  submit_sm(options: Record<string, unknown>, callback: (pdu: SmppPdu) => void): void;
  bind_transceiver(options: Record<string, unknown>, callback: (pdu: SmppPdu) => void): void;
  close(): void;
}
interface SmppPdu {
  command_status: number;
  response(options?: Record<string, unknown>): unknown;
}
const lib = smpp as unknown as {
  createServer(listener: (session: SmppSession) => void): {
    listen(port: number, cb: () => void): void;
    address(): { port: number };
  };
  connect(options: { url: string }): SmppSession;
};

function serve(onPort: (port: number) => void): { close(): void } {
  let id = 0;
  const server = lib.createServer((session) => {
    session.on('bind_transceiver', (pdu) => session.send(pdu.response()));
    session.on('submit_sm', (pdu) => session.send(pdu.response({ message_id: String(++id) })));
    session.on('enquire_link', (pdu) => session.send(pdu.response()));
  });
  server.listen(0, () => onPort(server.address().port));
  return server as unknown as { close(): void };
}

/** The peer's server, here or in a child process: its port and how to stop it. */
async function startServer(inProcess: boolean): Promise<{ port: number; stop(): void }> {
  if (inProcess) {
    let server: { close(): void } | undefined;
    const port = await new Promise<number>((resolve) => (server = serve(resolve)));
    return { port, stop: () => server?.close() };
  }
  const child = fork(fileURLToPath(import.meta.url), ['serve'], { execArgv: ['--import', 'tsx'] });
  const port = await new Promise<number>((resolve) =>
    child.once('message', (p) => resolve(Number(p))),
  );
  return { port, stop: () => child.kill() };
}

/** Submits `count` messages with at most `window` outstanding; returns msg/s. */
export async function measureSmppCeiling(
  count: number,
  window: number,
  options: { inProcess?: boolean } = {},
): Promise<number> {
  const server = await startServer(options.inProcess ?? false);
  const port = server.port;
  const session = lib.connect({ url: `smpp://127.0.0.1:${port}` });
  await new Promise<void>((resolve) =>
    session.bind_transceiver({ system_id: 'bench', password: 'bench' }, () => resolve()),
  );
  const started = process.hrtime.bigint();
  await new Promise<void>((resolve) => {
    let sent = 0;
    let done = 0;
    const pump = (): void => {
      while (sent < count && sent - done < window) {
        sent++;
        session.submit_sm(
          { destination_addr: '14155550123', short_message: 'Acme: benchmark message' },
          () => {
            done++;
            if (done === count) resolve();
            else pump();
          },
        );
      }
    };
    pump();
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  session.close();
  server.stop();
  return count / seconds;
}

if (process.argv[2] === 'serve') serve((port) => process.send?.(port));
