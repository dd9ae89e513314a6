import { experimental, Server, ServerCredentials } from '@grpc/grpc-js';
import { tlsFileProvider } from './tls-files.js';

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

/** TLS of a gRPC server: PEM files, re-read while it runs; a client CA turns on mTLS. */
export interface GrpcServerTls {
  certFile: string;
  keyFile: string;
  /** Clients must present a certificate signed by this CA (mTLS); without it, any client. */
  clientCaFile?: string | undefined;
  /** How often the files are re-read (default 10 s): a renewed certificate needs no restart. */
  reloadIntervalMs?: number;
}

/**
 * Binds `server` and returns the bound port: plaintext without `tls` (loopback development
 * only), else TLS whose certificate, key and client CA follow their files.
 */
export function bindGrpcServer(
  server: Server,
  host: string,
  port: number,
  tls?: GrpcServerTls,
): Promise<number> {
  return new Promise((resolve, reject) => {
    server.bindAsync(`${host}:${port}`, serverCredentials(tls), (err, bound) =>
      err ? reject(err) : resolve(bound),
    );
  });
}

function serverCredentials(tls: GrpcServerTls | undefined): ServerCredentials {
  if (!tls) return ServerCredentials.createInsecure();
  const intervalMs = tls.reloadIntervalMs ?? 10_000;
  const identity = tlsFileProvider({ certFile: tls.certFile, keyFile: tls.keyFile }, intervalMs);
  const clientCa = tls.clientCaFile
    ? tlsFileProvider({ caFile: tls.clientCaFile }, intervalMs)
    : null;
  // grpc-js names these parameters (ca, identity) but passes them on as (identity, ca): the
  // identity goes first, and the client CA may be null (1.14, server-credentials.js).
  return experimental.createCertificateProviderServerCredentials(
    identity,
    clientCa,
    clientCa !== null,
  );
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
