import type { Server } from '@grpc/grpc-js';
import { ReflectionService } from '@grpc/reflection';
import { protoDefinition } from '@smsgw/proto';

/**
 * Adds gRPC server reflection (v1 and v1alpha) for the services of `protoFiles` and health, so
 * `grpcurl list` and `grpcurl describe` work against every server without a copy of the protos.
 * It reveals the schema only (which the repository publishes), never data, so it needs no token.
 */
export function addReflectionService(server: Server, protoFiles: readonly string[]): void {
  new ReflectionService(
    protoDefinition([...protoFiles, 'grpc/health/v1/health.proto']),
  ).addToServer(server);
}
