// Original file: ../../proto/smsgw/v1/compliance.proto

import type * as grpc from '@grpc/grpc-js';
import type { MethodDefinition } from '@grpc/proto-loader';
import type {
  EvaluateRequest as _smsgw_v1_EvaluateRequest,
  EvaluateRequest__Output as _smsgw_v1_EvaluateRequest__Output,
} from '../../smsgw/v1/EvaluateRequest.js';
import type {
  EvaluateResponse as _smsgw_v1_EvaluateResponse,
  EvaluateResponse__Output as _smsgw_v1_EvaluateResponse__Output,
} from '../../smsgw/v1/EvaluateResponse.js';

export interface ComplianceServiceClient extends grpc.Client {
  Evaluate(
    argument: _smsgw_v1_EvaluateRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_smsgw_v1_EvaluateResponse__Output>,
  ): grpc.ClientUnaryCall;
  Evaluate(
    argument: _smsgw_v1_EvaluateRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_smsgw_v1_EvaluateResponse__Output>,
  ): grpc.ClientUnaryCall;
  Evaluate(
    argument: _smsgw_v1_EvaluateRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_smsgw_v1_EvaluateResponse__Output>,
  ): grpc.ClientUnaryCall;
  Evaluate(
    argument: _smsgw_v1_EvaluateRequest,
    callback: grpc.requestCallback<_smsgw_v1_EvaluateResponse__Output>,
  ): grpc.ClientUnaryCall;
  evaluate(
    argument: _smsgw_v1_EvaluateRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_smsgw_v1_EvaluateResponse__Output>,
  ): grpc.ClientUnaryCall;
  evaluate(
    argument: _smsgw_v1_EvaluateRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_smsgw_v1_EvaluateResponse__Output>,
  ): grpc.ClientUnaryCall;
  evaluate(
    argument: _smsgw_v1_EvaluateRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_smsgw_v1_EvaluateResponse__Output>,
  ): grpc.ClientUnaryCall;
  evaluate(
    argument: _smsgw_v1_EvaluateRequest,
    callback: grpc.requestCallback<_smsgw_v1_EvaluateResponse__Output>,
  ): grpc.ClientUnaryCall;
}

export interface ComplianceServiceHandlers extends grpc.UntypedServiceImplementation {
  Evaluate: grpc.handleUnaryCall<_smsgw_v1_EvaluateRequest__Output, _smsgw_v1_EvaluateResponse>;
}

export interface ComplianceServiceDefinition extends grpc.ServiceDefinition {
  Evaluate: MethodDefinition<
    _smsgw_v1_EvaluateRequest,
    _smsgw_v1_EvaluateResponse,
    _smsgw_v1_EvaluateRequest__Output,
    _smsgw_v1_EvaluateResponse__Output
  >;
}
