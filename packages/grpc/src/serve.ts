import type { Server } from '@grpc/grpc-js';
import { addHealthService, type HealthService } from './health.js';
import { addReflectionService } from './reflection.js';
import { bindGrpcServer, type GrpcServerTls } from './server.js';

/** What a service's gRPC server serves and where. */
export interface ServeOptions {
  /** Fully qualified names of the services added (health reports each). */
  services: readonly string[];
  /** The proto files that define them (for reflection). */
  protoFiles: readonly string[];
  host: string;
  port: number;
  tls?: GrpcServerTls | undefined;
}

/**
 * Adds health and reflection beside the services already added, then binds: the same
 * discoverable server for every service. Resolves with the bound port and the health service.
 */
export async function serveGrpc(
  server: Server,
  options: ServeOptions,
): Promise<{ port: number; health: HealthService }> {
  const health = addHealthService(server, options.services);
  addReflectionService(server, options.protoFiles);
  const port = await bindGrpcServer(server, options.host, options.port, options.tls);
  return { port, health };
}
