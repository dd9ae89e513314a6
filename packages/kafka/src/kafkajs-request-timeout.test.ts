import { describe, expect, it } from 'vitest';
import {
  closeConnectionOnRequestTimeout,
  type KafkajsConnection,
} from './kafkajs-request-timeout.js';

class ClosedError extends Error {
  constructor(
    message: string,
    readonly where: { host: string; port: number },
  ) {
    super(message);
  }
}

function timeoutError(): Error {
  const error = new Error('Request Produce(key: 0, version: 7) timed out');
  error.name = 'KafkaJSRequestTimeoutError';
  return error;
}

/** A connection whose next send fails with `failure`, recording what the fix does to it. */
function connection(failure: () => Error) {
  const calls: string[] = [];
  const socket = { destroy: () => void calls.push('destroy') };
  const proto = {
    send(): Promise<unknown> {
      return Promise.reject(failure());
    },
  } as unknown as KafkajsConnection;
  closeConnectionOnRequestTimeout(proto, ClosedError);
  const conn: KafkajsConnection = Object.assign(Object.create(proto) as KafkajsConnection, {
    socket,
    host: '127.0.0.1',
    port: 9092,
    broker: '127.0.0.1:9092',
    connected: true,
    isConnected(this: { connected: boolean }) {
      return this.connected;
    },
    rejectRequests: (error: Error) =>
      void calls.push(`reject ${error instanceof ClosedError ? 'closed' : 'other'}`),
    disconnect(this: { connected: boolean }) {
      this.connected = false;
      calls.push('disconnect');
      return Promise.resolve(true);
    },
    logger: { warn: () => undefined },
  });
  return { conn, calls };
}

describe('a Kafka request that times out', () => {
  it('closes its connection: the other requests fail as closed, the socket is destroyed', async () => {
    const { conn, calls } = connection(timeoutError);
    await expect(conn.send({})).rejects.toThrow('timed out');
    expect(calls).toEqual(['reject closed', 'destroy', 'disconnect']);
  });

  it('closes it once when several of its requests time out', async () => {
    const { conn, calls } = connection(timeoutError);
    await Promise.allSettled([conn.send({}), conn.send({})]);
    expect(calls.filter((c) => c === 'destroy')).toHaveLength(1);
  });

  it('leaves a connection alone that a new socket replaced meanwhile', async () => {
    const { conn, calls } = connection(() => {
      conn.socket = { destroy: () => void calls.push('destroy new') };
      return timeoutError();
    });
    await expect(conn.send({})).rejects.toThrow('timed out');
    expect(calls).toEqual([]);
  });

  it('keeps the connection on any other error (an error answer is an answer)', async () => {
    const { conn, calls } = connection(() => new Error('The group is rebalancing'));
    await expect(conn.send({})).rejects.toThrow('rebalancing');
    expect(calls).toEqual([]);
  });
});
