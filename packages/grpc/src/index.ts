export * from './status-table.js';
export * from './auth.js';
export * from './unary.js';
export * from './health.js';
export * from './reflection.js';
export * from './serve.js';
export * from './server.js';
export {
  Metadata,
  credentials,
  status as GrpcStatus,
  type Server,
  type ServiceError,
  type ServerReadableStream,
  type ServerWritableStream,
  type sendUnaryData,
} from '@grpc/grpc-js';
export * from './client.js';
export * from './strict-utf8.js';
