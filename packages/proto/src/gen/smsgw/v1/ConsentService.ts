// Original file: ../../proto/smsgw/v1/compliance.proto

import type * as grpc from '@grpc/grpc-js';
import type { MethodDefinition } from '@grpc/proto-loader';
import type {
  ConsentHistoryEntry as _smsgw_v1_ConsentHistoryEntry,
  ConsentHistoryEntry__Output as _smsgw_v1_ConsentHistoryEntry__Output,
} from '../../smsgw/v1/ConsentHistoryEntry.js';
import type {
  ConsentRecord as _smsgw_v1_ConsentRecord,
  ConsentRecord__Output as _smsgw_v1_ConsentRecord__Output,
} from '../../smsgw/v1/ConsentRecord.js';
import type {
  ExportConsentEvidenceRequest as _smsgw_v1_ExportConsentEvidenceRequest,
  ExportConsentEvidenceRequest__Output as _smsgw_v1_ExportConsentEvidenceRequest__Output,
} from '../../smsgw/v1/ExportConsentEvidenceRequest.js';
import type {
  ForgetRecipientRequest as _smsgw_v1_ForgetRecipientRequest,
  ForgetRecipientRequest__Output as _smsgw_v1_ForgetRecipientRequest__Output,
} from '../../smsgw/v1/ForgetRecipientRequest.js';
import type {
  ForgetRecipientResponse as _smsgw_v1_ForgetRecipientResponse,
  ForgetRecipientResponse__Output as _smsgw_v1_ForgetRecipientResponse__Output,
} from '../../smsgw/v1/ForgetRecipientResponse.js';
import type {
  GetConsentRequest as _smsgw_v1_GetConsentRequest,
  GetConsentRequest__Output as _smsgw_v1_GetConsentRequest__Output,
} from '../../smsgw/v1/GetConsentRequest.js';
import type {
  GetConsentResponse as _smsgw_v1_GetConsentResponse,
  GetConsentResponse__Output as _smsgw_v1_GetConsentResponse__Output,
} from '../../smsgw/v1/GetConsentResponse.js';
import type {
  ImportConsentsResponse as _smsgw_v1_ImportConsentsResponse,
  ImportConsentsResponse__Output as _smsgw_v1_ImportConsentsResponse__Output,
} from '../../smsgw/v1/ImportConsentsResponse.js';
import type {
  RecordConsentRequest as _smsgw_v1_RecordConsentRequest,
  RecordConsentRequest__Output as _smsgw_v1_RecordConsentRequest__Output,
} from '../../smsgw/v1/RecordConsentRequest.js';
import type {
  RevokeConsentRequest as _smsgw_v1_RevokeConsentRequest,
  RevokeConsentRequest__Output as _smsgw_v1_RevokeConsentRequest__Output,
} from '../../smsgw/v1/RevokeConsentRequest.js';

export interface ConsentServiceClient extends grpc.Client {
  ExportConsentEvidence(
    argument: _smsgw_v1_ExportConsentEvidenceRequest,
    metadata: grpc.Metadata,
    options?: grpc.CallOptions,
  ): grpc.ClientReadableStream<_smsgw_v1_ConsentHistoryEntry__Output>;
  ExportConsentEvidence(
    argument: _smsgw_v1_ExportConsentEvidenceRequest,
    options?: grpc.CallOptions,
  ): grpc.ClientReadableStream<_smsgw_v1_ConsentHistoryEntry__Output>;
  exportConsentEvidence(
    argument: _smsgw_v1_ExportConsentEvidenceRequest,
    metadata: grpc.Metadata,
    options?: grpc.CallOptions,
  ): grpc.ClientReadableStream<_smsgw_v1_ConsentHistoryEntry__Output>;
  exportConsentEvidence(
    argument: _smsgw_v1_ExportConsentEvidenceRequest,
    options?: grpc.CallOptions,
  ): grpc.ClientReadableStream<_smsgw_v1_ConsentHistoryEntry__Output>;

  ForgetRecipient(
    argument: _smsgw_v1_ForgetRecipientRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_smsgw_v1_ForgetRecipientResponse__Output>,
  ): grpc.ClientUnaryCall;
  ForgetRecipient(
    argument: _smsgw_v1_ForgetRecipientRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_smsgw_v1_ForgetRecipientResponse__Output>,
  ): grpc.ClientUnaryCall;
  ForgetRecipient(
    argument: _smsgw_v1_ForgetRecipientRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_smsgw_v1_ForgetRecipientResponse__Output>,
  ): grpc.ClientUnaryCall;
  ForgetRecipient(
    argument: _smsgw_v1_ForgetRecipientRequest,
    callback: grpc.requestCallback<_smsgw_v1_ForgetRecipientResponse__Output>,
  ): grpc.ClientUnaryCall;
  forgetRecipient(
    argument: _smsgw_v1_ForgetRecipientRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_smsgw_v1_ForgetRecipientResponse__Output>,
  ): grpc.ClientUnaryCall;
  forgetRecipient(
    argument: _smsgw_v1_ForgetRecipientRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_smsgw_v1_ForgetRecipientResponse__Output>,
  ): grpc.ClientUnaryCall;
  forgetRecipient(
    argument: _smsgw_v1_ForgetRecipientRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_smsgw_v1_ForgetRecipientResponse__Output>,
  ): grpc.ClientUnaryCall;
  forgetRecipient(
    argument: _smsgw_v1_ForgetRecipientRequest,
    callback: grpc.requestCallback<_smsgw_v1_ForgetRecipientResponse__Output>,
  ): grpc.ClientUnaryCall;

  GetConsent(
    argument: _smsgw_v1_GetConsentRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_smsgw_v1_GetConsentResponse__Output>,
  ): grpc.ClientUnaryCall;
  GetConsent(
    argument: _smsgw_v1_GetConsentRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_smsgw_v1_GetConsentResponse__Output>,
  ): grpc.ClientUnaryCall;
  GetConsent(
    argument: _smsgw_v1_GetConsentRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_smsgw_v1_GetConsentResponse__Output>,
  ): grpc.ClientUnaryCall;
  GetConsent(
    argument: _smsgw_v1_GetConsentRequest,
    callback: grpc.requestCallback<_smsgw_v1_GetConsentResponse__Output>,
  ): grpc.ClientUnaryCall;
  getConsent(
    argument: _smsgw_v1_GetConsentRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_smsgw_v1_GetConsentResponse__Output>,
  ): grpc.ClientUnaryCall;
  getConsent(
    argument: _smsgw_v1_GetConsentRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_smsgw_v1_GetConsentResponse__Output>,
  ): grpc.ClientUnaryCall;
  getConsent(
    argument: _smsgw_v1_GetConsentRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_smsgw_v1_GetConsentResponse__Output>,
  ): grpc.ClientUnaryCall;
  getConsent(
    argument: _smsgw_v1_GetConsentRequest,
    callback: grpc.requestCallback<_smsgw_v1_GetConsentResponse__Output>,
  ): grpc.ClientUnaryCall;

  ImportConsents(
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_smsgw_v1_ImportConsentsResponse__Output>,
  ): grpc.ClientWritableStream<_smsgw_v1_RecordConsentRequest>;
  ImportConsents(
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_smsgw_v1_ImportConsentsResponse__Output>,
  ): grpc.ClientWritableStream<_smsgw_v1_RecordConsentRequest>;
  ImportConsents(
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_smsgw_v1_ImportConsentsResponse__Output>,
  ): grpc.ClientWritableStream<_smsgw_v1_RecordConsentRequest>;
  ImportConsents(
    callback: grpc.requestCallback<_smsgw_v1_ImportConsentsResponse__Output>,
  ): grpc.ClientWritableStream<_smsgw_v1_RecordConsentRequest>;
  importConsents(
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_smsgw_v1_ImportConsentsResponse__Output>,
  ): grpc.ClientWritableStream<_smsgw_v1_RecordConsentRequest>;
  importConsents(
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_smsgw_v1_ImportConsentsResponse__Output>,
  ): grpc.ClientWritableStream<_smsgw_v1_RecordConsentRequest>;
  importConsents(
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_smsgw_v1_ImportConsentsResponse__Output>,
  ): grpc.ClientWritableStream<_smsgw_v1_RecordConsentRequest>;
  importConsents(
    callback: grpc.requestCallback<_smsgw_v1_ImportConsentsResponse__Output>,
  ): grpc.ClientWritableStream<_smsgw_v1_RecordConsentRequest>;

  RecordConsent(
    argument: _smsgw_v1_RecordConsentRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_smsgw_v1_ConsentRecord__Output>,
  ): grpc.ClientUnaryCall;
  RecordConsent(
    argument: _smsgw_v1_RecordConsentRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_smsgw_v1_ConsentRecord__Output>,
  ): grpc.ClientUnaryCall;
  RecordConsent(
    argument: _smsgw_v1_RecordConsentRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_smsgw_v1_ConsentRecord__Output>,
  ): grpc.ClientUnaryCall;
  RecordConsent(
    argument: _smsgw_v1_RecordConsentRequest,
    callback: grpc.requestCallback<_smsgw_v1_ConsentRecord__Output>,
  ): grpc.ClientUnaryCall;
  recordConsent(
    argument: _smsgw_v1_RecordConsentRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_smsgw_v1_ConsentRecord__Output>,
  ): grpc.ClientUnaryCall;
  recordConsent(
    argument: _smsgw_v1_RecordConsentRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_smsgw_v1_ConsentRecord__Output>,
  ): grpc.ClientUnaryCall;
  recordConsent(
    argument: _smsgw_v1_RecordConsentRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_smsgw_v1_ConsentRecord__Output>,
  ): grpc.ClientUnaryCall;
  recordConsent(
    argument: _smsgw_v1_RecordConsentRequest,
    callback: grpc.requestCallback<_smsgw_v1_ConsentRecord__Output>,
  ): grpc.ClientUnaryCall;

  RevokeConsent(
    argument: _smsgw_v1_RevokeConsentRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_smsgw_v1_ConsentRecord__Output>,
  ): grpc.ClientUnaryCall;
  RevokeConsent(
    argument: _smsgw_v1_RevokeConsentRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_smsgw_v1_ConsentRecord__Output>,
  ): grpc.ClientUnaryCall;
  RevokeConsent(
    argument: _smsgw_v1_RevokeConsentRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_smsgw_v1_ConsentRecord__Output>,
  ): grpc.ClientUnaryCall;
  RevokeConsent(
    argument: _smsgw_v1_RevokeConsentRequest,
    callback: grpc.requestCallback<_smsgw_v1_ConsentRecord__Output>,
  ): grpc.ClientUnaryCall;
  revokeConsent(
    argument: _smsgw_v1_RevokeConsentRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_smsgw_v1_ConsentRecord__Output>,
  ): grpc.ClientUnaryCall;
  revokeConsent(
    argument: _smsgw_v1_RevokeConsentRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_smsgw_v1_ConsentRecord__Output>,
  ): grpc.ClientUnaryCall;
  revokeConsent(
    argument: _smsgw_v1_RevokeConsentRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_smsgw_v1_ConsentRecord__Output>,
  ): grpc.ClientUnaryCall;
  revokeConsent(
    argument: _smsgw_v1_RevokeConsentRequest,
    callback: grpc.requestCallback<_smsgw_v1_ConsentRecord__Output>,
  ): grpc.ClientUnaryCall;
}

export interface ConsentServiceHandlers extends grpc.UntypedServiceImplementation {
  ExportConsentEvidence: grpc.handleServerStreamingCall<
    _smsgw_v1_ExportConsentEvidenceRequest__Output,
    _smsgw_v1_ConsentHistoryEntry
  >;

  ForgetRecipient: grpc.handleUnaryCall<
    _smsgw_v1_ForgetRecipientRequest__Output,
    _smsgw_v1_ForgetRecipientResponse
  >;

  GetConsent: grpc.handleUnaryCall<
    _smsgw_v1_GetConsentRequest__Output,
    _smsgw_v1_GetConsentResponse
  >;

  ImportConsents: grpc.handleClientStreamingCall<
    _smsgw_v1_RecordConsentRequest__Output,
    _smsgw_v1_ImportConsentsResponse
  >;

  RecordConsent: grpc.handleUnaryCall<
    _smsgw_v1_RecordConsentRequest__Output,
    _smsgw_v1_ConsentRecord
  >;

  RevokeConsent: grpc.handleUnaryCall<
    _smsgw_v1_RevokeConsentRequest__Output,
    _smsgw_v1_ConsentRecord
  >;
}

export interface ConsentServiceDefinition extends grpc.ServiceDefinition {
  ExportConsentEvidence: MethodDefinition<
    _smsgw_v1_ExportConsentEvidenceRequest,
    _smsgw_v1_ConsentHistoryEntry,
    _smsgw_v1_ExportConsentEvidenceRequest__Output,
    _smsgw_v1_ConsentHistoryEntry__Output
  >;
  ForgetRecipient: MethodDefinition<
    _smsgw_v1_ForgetRecipientRequest,
    _smsgw_v1_ForgetRecipientResponse,
    _smsgw_v1_ForgetRecipientRequest__Output,
    _smsgw_v1_ForgetRecipientResponse__Output
  >;
  GetConsent: MethodDefinition<
    _smsgw_v1_GetConsentRequest,
    _smsgw_v1_GetConsentResponse,
    _smsgw_v1_GetConsentRequest__Output,
    _smsgw_v1_GetConsentResponse__Output
  >;
  ImportConsents: MethodDefinition<
    _smsgw_v1_RecordConsentRequest,
    _smsgw_v1_ImportConsentsResponse,
    _smsgw_v1_RecordConsentRequest__Output,
    _smsgw_v1_ImportConsentsResponse__Output
  >;
  RecordConsent: MethodDefinition<
    _smsgw_v1_RecordConsentRequest,
    _smsgw_v1_ConsentRecord,
    _smsgw_v1_RecordConsentRequest__Output,
    _smsgw_v1_ConsentRecord__Output
  >;
  RevokeConsent: MethodDefinition<
    _smsgw_v1_RevokeConsentRequest,
    _smsgw_v1_ConsentRecord,
    _smsgw_v1_RevokeConsentRequest__Output,
    _smsgw_v1_ConsentRecord__Output
  >;
}
