// Original file: ../../proto/smsgw/v1/admin.proto

import type * as grpc from '@grpc/grpc-js';
import type { MethodDefinition } from '@grpc/proto-loader';
import type {
  ListConnectorsRequest as _smsgw_v1_ListConnectorsRequest,
  ListConnectorsRequest__Output as _smsgw_v1_ListConnectorsRequest__Output,
} from '../../smsgw/v1/ListConnectorsRequest.js';
import type {
  ListConnectorsResponse as _smsgw_v1_ListConnectorsResponse,
  ListConnectorsResponse__Output as _smsgw_v1_ListConnectorsResponse__Output,
} from '../../smsgw/v1/ListConnectorsResponse.js';

export interface DispatcherAdminClient extends grpc.Client {
  ListConnectors(
    argument: _smsgw_v1_ListConnectorsRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_smsgw_v1_ListConnectorsResponse__Output>,
  ): grpc.ClientUnaryCall;
  ListConnectors(
    argument: _smsgw_v1_ListConnectorsRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_smsgw_v1_ListConnectorsResponse__Output>,
  ): grpc.ClientUnaryCall;
  ListConnectors(
    argument: _smsgw_v1_ListConnectorsRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_smsgw_v1_ListConnectorsResponse__Output>,
  ): grpc.ClientUnaryCall;
  ListConnectors(
    argument: _smsgw_v1_ListConnectorsRequest,
    callback: grpc.requestCallback<_smsgw_v1_ListConnectorsResponse__Output>,
  ): grpc.ClientUnaryCall;
  listConnectors(
    argument: _smsgw_v1_ListConnectorsRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_smsgw_v1_ListConnectorsResponse__Output>,
  ): grpc.ClientUnaryCall;
  listConnectors(
    argument: _smsgw_v1_ListConnectorsRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_smsgw_v1_ListConnectorsResponse__Output>,
  ): grpc.ClientUnaryCall;
  listConnectors(
    argument: _smsgw_v1_ListConnectorsRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_smsgw_v1_ListConnectorsResponse__Output>,
  ): grpc.ClientUnaryCall;
  listConnectors(
    argument: _smsgw_v1_ListConnectorsRequest,
    callback: grpc.requestCallback<_smsgw_v1_ListConnectorsResponse__Output>,
  ): grpc.ClientUnaryCall;
}

export interface DispatcherAdminHandlers extends grpc.UntypedServiceImplementation {
  ListConnectors: grpc.handleUnaryCall<
    _smsgw_v1_ListConnectorsRequest__Output,
    _smsgw_v1_ListConnectorsResponse
  >;
}

export interface DispatcherAdminDefinition extends grpc.ServiceDefinition {
  ListConnectors: MethodDefinition<
    _smsgw_v1_ListConnectorsRequest,
    _smsgw_v1_ListConnectorsResponse,
    _smsgw_v1_ListConnectorsRequest__Output,
    _smsgw_v1_ListConnectorsResponse__Output
  >;
}
