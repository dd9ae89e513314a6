import { Server, ServerCredentials } from '@grpc/grpc-js';

/** A gRPC server with limits suitable for an API edge. */
export function createGrpcServer(): Server {
  return new Server({
    // One connection cannot open streams without bound (advertised in HTTP/2 SETTINGS); a
    // request may be as large as a full batch needs, an answer as large as a full report.
    'grpc.max_concurrent_streams': 256,
    'grpc.max_receive_message_length': 4 * 1024 * 1024,
    'grpc.max_send_message_length': 16 * 1024 * 1024,
    'grpc.keepalive_time_ms': 60_000,
    'grpc.keepalive_permit_without_calls': 1,
  });
}

/** Binds `server` (insecure; TLS comes with the security work) and returns the bound port. */
export function bindGrpcServer(server: Server, host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.bindAsync(`${host}:${port}`, ServerCredentials.createInsecure(), (err, bound) =>
      err ? reject(err) : resolve(bound),
    );
  });
}

/** Stops accepting calls, waits up to `graceMs` for running ones, then forces. */
export function shutdownGrpcServer(server: Server, graceMs: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      server.forceShutdown();
      resolve();
    }, graceMs);
    server.tryShutdown(() => {
      clearTimeout(timer);
      resolve();
    });
  });
}
