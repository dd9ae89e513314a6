import { createServer, type Server, type Socket } from 'node:net';
import { encodePdu, FrameReader } from '@smsgw/smpp';

const BIND_TRANSCEIVER = 0x00000009;
const ENQUIRE_LINK = 0x00000015;
const ENQUIRE_LINK_RESP = 0x80000015;

/**
 * An SMSC that binds anyone and then writes whatever bytes the test gives it: the peer of the
 * receive-path fuzzer. It records every answer (by sequence number) the ESME sends back.
 */
export interface HostileSmsc {
  port: number;
  /** Connections accepted (one per bind; a reset bind comes back as a new one). */
  readonly binds: number;
  /** The bound connection, once the ESME has bound. */
  bound(): Promise<Socket>;
  /** Sequence numbers the ESME answered on the current connection. */
  readonly answered: Set<number>;
  close(): Promise<void>;
}

export async function startHostileSmsc(): Promise<HostileSmsc> {
  let current: Socket | undefined;
  let binds = 0;
  let answered = new Set<number>();
  let waiting: ((s: Socket) => void)[] = [];
  const server: Server = createServer((socket) => {
    const reader = new FrameReader();
    socket.on('error', () => undefined);
    socket.on('close', () => {
      if (current === socket) current = undefined;
    });
    socket.on('data', (chunk) => {
      const { frames } = reader.push(chunk);
      for (const frame of frames) {
        const id = frame.readUInt32BE(4);
        const seq = frame.readUInt32BE(12);
        if (id === BIND_TRANSCEIVER) {
          socket.write(
            encodePdu('bind_transceiver_resp', { sequence_number: seq, system_id: 'hostile' }),
          );
          binds++;
          answered = new Set();
          current = socket;
          for (const w of waiting.splice(0)) w(socket);
        } else if (id === ENQUIRE_LINK) {
          socket.write(encodePdu('enquire_link_resp', { sequence_number: seq }));
        } else if ((id & 0x80000000) !== 0 || id === ENQUIRE_LINK_RESP) {
          if (socket === current) answered.add(seq);
        }
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  return {
    port: typeof address === 'object' && address ? address.port : 0,
    get binds() {
      return binds;
    },
    get answered() {
      return answered;
    },
    bound: () =>
      current && !current.destroyed
        ? Promise.resolve(current)
        : new Promise<Socket>((resolve) => waiting.push(resolve)),
    close: () =>
      new Promise<void>((resolve) => {
        current?.destroy();
        waiting = [];
        server.close(() => resolve());
      }),
  };
}
