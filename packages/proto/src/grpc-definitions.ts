import { loadPackageDefinition } from '@grpc/grpc-js';
import { loadSync, type PackageDefinition } from '@grpc/proto-loader';
import type { ProtoGrpcType as HealthProto } from './gen/health.js';
import type { ProtoGrpcType as MessagingProto } from './gen/messaging.js';
import type { ProtoGrpcType as ComplianceProto } from './gen/compliance.js';
import type { ProtoGrpcType as AdminProto } from './gen/admin.js';
import { PROTO_LOADER_OPTIONS } from './options.js';

/** The proto-loader definition of `files` (their descriptors included, for server reflection). */
export function protoDefinition(files: string | readonly string[]): PackageDefinition {
  return loadSync(typeof files === 'string' ? files : [...files], {
    ...PROTO_LOADER_OPTIONS,
    includeDirs: [...PROTO_LOADER_OPTIONS.includeDirs],
  });
}

function load<T>(file: string): T {
  return loadPackageDefinition(protoDefinition(file)) as unknown as T;
}

let messaging: MessagingProto | undefined;
let health: HealthProto | undefined;
let compliance: ComplianceProto | undefined;

/** The smsgw.v1 gRPC package (MessagingService), loaded once. */
export function messagingProto(): MessagingProto {
  messaging ??= load<MessagingProto>('smsgw/v1/messaging.proto');
  return messaging;
}

/** The grpc.health.v1 package, loaded once. */
export function healthProto(): HealthProto {
  health ??= load<HealthProto>('grpc/health/v1/health.proto');
  return health;
}

/** The smsgw.v1 ComplianceService and ConsentService, loaded once. */
export function complianceProto(): ComplianceProto {
  compliance ??= load<ComplianceProto>('smsgw/v1/compliance.proto');
  return compliance;
}

let admin: AdminProto | undefined;

/** The smsgw.v1 DispatcherAdmin service, loaded once. */
export function adminProto(): AdminProto {
  admin ??= load<AdminProto>('smsgw/v1/admin.proto');
  return admin;
}
