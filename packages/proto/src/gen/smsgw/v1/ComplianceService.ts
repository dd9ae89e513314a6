// Original file: ../../proto/smsgw/v1/compliance.proto

import type * as grpc from '@grpc/grpc-js';
import type { MethodDefinition } from '@grpc/proto-loader';
import type {
  ComplianceReport as _smsgw_v1_ComplianceReport,
  ComplianceReport__Output as _smsgw_v1_ComplianceReport__Output,
} from '../../smsgw/v1/ComplianceReport.js';
import type {
  ComplianceReportRequest as _smsgw_v1_ComplianceReportRequest,
  ComplianceReportRequest__Output as _smsgw_v1_ComplianceReportRequest__Output,
} from '../../smsgw/v1/ComplianceReportRequest.js';
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

  GetComplianceReport(
    argument: _smsgw_v1_ComplianceReportRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_smsgw_v1_ComplianceReport__Output>,
  ): grpc.ClientUnaryCall;
  GetComplianceReport(
    argument: _smsgw_v1_ComplianceReportRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_smsgw_v1_ComplianceReport__Output>,
  ): grpc.ClientUnaryCall;
  GetComplianceReport(
    argument: _smsgw_v1_ComplianceReportRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_smsgw_v1_ComplianceReport__Output>,
  ): grpc.ClientUnaryCall;
  GetComplianceReport(
    argument: _smsgw_v1_ComplianceReportRequest,
    callback: grpc.requestCallback<_smsgw_v1_ComplianceReport__Output>,
  ): grpc.ClientUnaryCall;
  getComplianceReport(
    argument: _smsgw_v1_ComplianceReportRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_smsgw_v1_ComplianceReport__Output>,
  ): grpc.ClientUnaryCall;
  getComplianceReport(
    argument: _smsgw_v1_ComplianceReportRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_smsgw_v1_ComplianceReport__Output>,
  ): grpc.ClientUnaryCall;
  getComplianceReport(
    argument: _smsgw_v1_ComplianceReportRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_smsgw_v1_ComplianceReport__Output>,
  ): grpc.ClientUnaryCall;
  getComplianceReport(
    argument: _smsgw_v1_ComplianceReportRequest,
    callback: grpc.requestCallback<_smsgw_v1_ComplianceReport__Output>,
  ): grpc.ClientUnaryCall;
}

export interface ComplianceServiceHandlers extends grpc.UntypedServiceImplementation {
  Evaluate: grpc.handleUnaryCall<_smsgw_v1_EvaluateRequest__Output, _smsgw_v1_EvaluateResponse>;

  GetComplianceReport: grpc.handleUnaryCall<
    _smsgw_v1_ComplianceReportRequest__Output,
    _smsgw_v1_ComplianceReport
  >;
}

export interface ComplianceServiceDefinition extends grpc.ServiceDefinition {
  Evaluate: MethodDefinition<
    _smsgw_v1_EvaluateRequest,
    _smsgw_v1_EvaluateResponse,
    _smsgw_v1_EvaluateRequest__Output,
    _smsgw_v1_EvaluateResponse__Output
  >;
  GetComplianceReport: MethodDefinition<
    _smsgw_v1_ComplianceReportRequest,
    _smsgw_v1_ComplianceReport,
    _smsgw_v1_ComplianceReportRequest__Output,
    _smsgw_v1_ComplianceReport__Output
  >;
}
