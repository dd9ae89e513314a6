import { createServer, connect, type Server, type Socket } from 'node:net';

/** A fault to inject into the next Produce exchange. */
export interface ProduceFault {
  /** Error code written into every partition of the broker's answer (e.g. 7, REQUEST_TIMED_OUT). */
  errorCode: number;
  /** How long the answer is held before it goes out (a stalled network). */
  stallMs: number;
}

/** A TCP proxy in front of one Kafka broker that can falsify answers. */
export interface KafkaFaultProxy {
  port: number;
  /**
   * Arms a fault for the next Produce request: the request reaches the broker unchanged (so the
   * broker writes it), and its answer comes back late and with `errorCode` in every partition.
   * Resolves once that request has been forwarded.
   */
  failNextProduce(fault: ProduceFault): Promise<void>;
  /** A broker outage: every open connection drops and new ones are refused for `ms`. */
  outage(ms: number): void;
  close(): Promise<void>;
}

const PRODUCE_API_KEY = 0;

/**
 * Starts a proxy to `target` on a free loopback port. It reads Kafka's framing (int32 size, then
 * the request header: api_key, api_version, correlation_id; the response header: correlation_id)
 * so that it can tell the answer of one request from the others on the same connection.
 */
export async function startKafkaFaultProxy(target: {
  host: string;
  port: number;
}): Promise<KafkaFaultProxy> {
  let armed: { fault: ProduceFault; forwarded: () => void } | undefined;
  const sockets = new Set<Socket>();
  let downUntil = 0;
  const server: Server = createServer((client) => {
    if (Date.now() < downUntil) return void client.destroy();
    const broker = connect(target.port, target.host);
    for (const s of [client, broker]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => undefined);
    }
    client.on('close', () => broker.destroy());
    broker.on('close', () => client.destroy());
    const faulty = new Map<number, { fault: ProduceFault; version: number }>();
    onFrames(client, (frame) => {
      const apiKey = frame.readInt16BE(4);
      if (armed && apiKey === PRODUCE_API_KEY) {
        faulty.set(frame.readInt32BE(8), { fault: armed.fault, version: frame.readInt16BE(6) });
        const { forwarded } = armed;
        armed = undefined;
        broker.write(frame, () => forwarded());
        return;
      }
      broker.write(frame);
    });
    onFrames(broker, (frame) => {
      const injected = faulty.get(frame.readInt32BE(4));
      if (!injected) return void client.write(frame);
      faulty.delete(frame.readInt32BE(4));
      setProduceErrors(frame, injected.version, injected.fault.errorCode);
      setTimeout(() => client.write(frame), injected.fault.stallMs).unref();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('fault proxy has no port');
  return {
    port: address.port,
    failNextProduce: (fault) =>
      new Promise<void>((resolve) => (armed = { fault, forwarded: resolve })),
    outage(ms) {
      downUntil = Date.now() + ms;
      for (const s of sockets) s.destroy();
    },
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Calls `onFrame` with each whole size-prefixed frame read from `socket`. */
function onFrames(socket: Socket, onFrame: (frame: Buffer) => void): void {
  let pending: Buffer = Buffer.alloc(0);
  socket.on('data', (chunk: Buffer) => {
    pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
    while (pending.length >= 4 && pending.length >= 4 + pending.readInt32BE(0)) {
      const size = 4 + pending.readInt32BE(0);
      onFrame(pending.subarray(0, size));
      pending = pending.subarray(size);
    }
  });
}

/**
 * Writes `errorCode` into every partition of a Produce response, versions 3 to 7 (not flexible):
 * size, correlation_id, [topic: string, [partition: int32, error_code: int16, base_offset,
 * log_append_time, log_start_offset (v5+): int64]], throttle_time_ms.
 */
function setProduceErrors(frame: Buffer, version: number, errorCode: number): void {
  if (version < 3 || version > 7)
    throw new Error(`fault proxy: Produce v${version} is not supported`);
  let at = 8;
  const topics = frame.readInt32BE(at);
  at += 4;
  for (let t = 0; t < topics; t++) {
    at += 2 + frame.readInt16BE(at);
    const partitions = frame.readInt32BE(at);
    at += 4;
    for (let p = 0; p < partitions; p++) {
      frame.writeInt16BE(errorCode, at + 4);
      at += 4 + 2 + 8 + 8 + (version >= 5 ? 8 : 0);
    }
  }
}
