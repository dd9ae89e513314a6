/**
 * What this fix touches of kafkajs's `Connection` (src/network/connection.js): one TCP
 * connection to one broker, reused by every request to it.
 */
export interface KafkajsConnection {
  socket: { destroy(): void } | null | undefined;
  host: string;
  port: number;
  broker: string;
  isConnected(): boolean;
  rejectRequests(error: Error): void;
  disconnect(): Promise<unknown>;
  logger: { warn(message: string, extra?: Record<string, unknown>): void };
  send: (this: KafkajsConnection, request: unknown) => Promise<unknown>;
}

/** kafkajs's error for a connection that closed under its requests (a broker restart's). */
export type ConnectionClosedError = new (
  message: string,
  options: { host: string; port: number },
) => Error;

const isRequestTimeout = (error: unknown): boolean =>
  error instanceof Error && error.name === 'KafkaJSRequestTimeoutError';

/**
 * A request that gets no answer within its timeout closes its connection, as Kafka's own Java
 * client does. kafkajs only failed the request and kept the connection: on a network path that
 * stops passing anything without closing (a dropped flow, a vanished peer), each retry went out on
 * the same dead connection and waited its timeout again, and the services stalled for 3 to 6
 * minutes until their consumers gave up and restarted (the `kafka-hang` chaos scenario). Closed
 * here, the connection is in the state a broker restart leaves: every request on it fails with
 * kafkajs's `KafkaJSConnectionClosedError` and is retried on a new connection. The socket is
 * destroyed, not ended: an end (FIN) would wait on the very path that is dead.
 */
export function closeConnectionOnRequestTimeout(
  prototype: KafkajsConnection,
  ClosedError: ConnectionClosedError,
): void {
  const send = prototype.send;
  prototype.send = async function sendClosingOnTimeout(
    this: KafkajsConnection,
    request: unknown,
  ): Promise<unknown> {
    const socket = this.socket;
    try {
      return await send.call(this, request);
    } catch (error) {
      // Only the connection the request went out on, and only once (its other requests time
      // out too, or a new socket has replaced it by then).
      if (isRequestTimeout(error) && socket && this.socket === socket && this.isConnected())
        abandon(this, socket, ClosedError);
      throw error;
    }
  };
}

function abandon(
  connection: KafkajsConnection,
  socket: { destroy(): void },
  ClosedError: ConnectionClosedError,
): void {
  const { host, port } = connection;
  connection.logger.warn('Kafka request got no answer in time: closing its connection', {
    broker: connection.broker,
  });
  connection.rejectRequests(
    new ClosedError('Closed connection: a request timed out', { host, port }),
  );
  socket.destroy();
  void connection.disconnect();
}
