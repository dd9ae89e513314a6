import type * as grpc from '@grpc/grpc-js';
import type { EnumTypeDefinition, MessageTypeDefinition } from '@grpc/proto-loader';

import type {
  ComplianceReport as _smsgw_v1_ComplianceReport,
  ComplianceReport__Output as _smsgw_v1_ComplianceReport__Output,
} from './smsgw/v1/ComplianceReport.js';
import type {
  ComplianceReportRequest as _smsgw_v1_ComplianceReportRequest,
  ComplianceReportRequest__Output as _smsgw_v1_ComplianceReportRequest__Output,
} from './smsgw/v1/ComplianceReportRequest.js';
import type {
  ComplianceServiceClient as _smsgw_v1_ComplianceServiceClient,
  ComplianceServiceDefinition as _smsgw_v1_ComplianceServiceDefinition,
} from './smsgw/v1/ComplianceService.js';
import type {
  ConsentEvidence as _smsgw_v1_ConsentEvidence,
  ConsentEvidence__Output as _smsgw_v1_ConsentEvidence__Output,
} from './smsgw/v1/ConsentEvidence.js';
import type {
  ConsentHistoryEntry as _smsgw_v1_ConsentHistoryEntry,
  ConsentHistoryEntry__Output as _smsgw_v1_ConsentHistoryEntry__Output,
} from './smsgw/v1/ConsentHistoryEntry.js';
import type {
  ConsentRecord as _smsgw_v1_ConsentRecord,
  ConsentRecord__Output as _smsgw_v1_ConsentRecord__Output,
} from './smsgw/v1/ConsentRecord.js';
import type {
  ConsentServiceClient as _smsgw_v1_ConsentServiceClient,
  ConsentServiceDefinition as _smsgw_v1_ConsentServiceDefinition,
} from './smsgw/v1/ConsentService.js';
import type {
  DurationStats as _smsgw_v1_DurationStats,
  DurationStats__Output as _smsgw_v1_DurationStats__Output,
} from './smsgw/v1/DurationStats.js';
import type {
  EmergencySend as _smsgw_v1_EmergencySend,
  EmergencySend__Output as _smsgw_v1_EmergencySend__Output,
} from './smsgw/v1/EmergencySend.js';
import type {
  ErrorDetails as _smsgw_v1_ErrorDetails,
  ErrorDetails__Output as _smsgw_v1_ErrorDetails__Output,
} from './smsgw/v1/ErrorDetails.js';
import type {
  EvaluateRequest as _smsgw_v1_EvaluateRequest,
  EvaluateRequest__Output as _smsgw_v1_EvaluateRequest__Output,
} from './smsgw/v1/EvaluateRequest.js';
import type {
  EvaluateResponse as _smsgw_v1_EvaluateResponse,
  EvaluateResponse__Output as _smsgw_v1_EvaluateResponse__Output,
} from './smsgw/v1/EvaluateResponse.js';
import type {
  ExportConsentEvidenceRequest as _smsgw_v1_ExportConsentEvidenceRequest,
  ExportConsentEvidenceRequest__Output as _smsgw_v1_ExportConsentEvidenceRequest__Output,
} from './smsgw/v1/ExportConsentEvidenceRequest.js';
import type {
  ForgetRecipientRequest as _smsgw_v1_ForgetRecipientRequest,
  ForgetRecipientRequest__Output as _smsgw_v1_ForgetRecipientRequest__Output,
} from './smsgw/v1/ForgetRecipientRequest.js';
import type {
  ForgetRecipientResponse as _smsgw_v1_ForgetRecipientResponse,
  ForgetRecipientResponse__Output as _smsgw_v1_ForgetRecipientResponse__Output,
} from './smsgw/v1/ForgetRecipientResponse.js';
import type {
  GetConsentRequest as _smsgw_v1_GetConsentRequest,
  GetConsentRequest__Output as _smsgw_v1_GetConsentRequest__Output,
} from './smsgw/v1/GetConsentRequest.js';
import type {
  GetConsentResponse as _smsgw_v1_GetConsentResponse,
  GetConsentResponse__Output as _smsgw_v1_GetConsentResponse__Output,
} from './smsgw/v1/GetConsentResponse.js';
import type {
  GetMessageRequest as _smsgw_v1_GetMessageRequest,
  GetMessageRequest__Output as _smsgw_v1_GetMessageRequest__Output,
} from './smsgw/v1/GetMessageRequest.js';
import type {
  GetMessageResponse as _smsgw_v1_GetMessageResponse,
  GetMessageResponse__Output as _smsgw_v1_GetMessageResponse__Output,
} from './smsgw/v1/GetMessageResponse.js';
import type {
  ImportConsentsResponse as _smsgw_v1_ImportConsentsResponse,
  ImportConsentsResponse__Output as _smsgw_v1_ImportConsentsResponse__Output,
} from './smsgw/v1/ImportConsentsResponse.js';
import type {
  MessagingServiceClient as _smsgw_v1_MessagingServiceClient,
  MessagingServiceDefinition as _smsgw_v1_MessagingServiceDefinition,
} from './smsgw/v1/MessagingService.js';
import type {
  OptOutRecord as _smsgw_v1_OptOutRecord,
  OptOutRecord__Output as _smsgw_v1_OptOutRecord__Output,
} from './smsgw/v1/OptOutRecord.js';
import type {
  Reason as _smsgw_v1_Reason,
  Reason__Output as _smsgw_v1_Reason__Output,
} from './smsgw/v1/Reason.js';
import type {
  RecordConsentRequest as _smsgw_v1_RecordConsentRequest,
  RecordConsentRequest__Output as _smsgw_v1_RecordConsentRequest__Output,
} from './smsgw/v1/RecordConsentRequest.js';
import type {
  RevokeConsentRequest as _smsgw_v1_RevokeConsentRequest,
  RevokeConsentRequest__Output as _smsgw_v1_RevokeConsentRequest__Output,
} from './smsgw/v1/RevokeConsentRequest.js';
import type {
  SendMessageRequest as _smsgw_v1_SendMessageRequest,
  SendMessageRequest__Output as _smsgw_v1_SendMessageRequest__Output,
} from './smsgw/v1/SendMessageRequest.js';
import type {
  SendMessageResponse as _smsgw_v1_SendMessageResponse,
  SendMessageResponse__Output as _smsgw_v1_SendMessageResponse__Output,
} from './smsgw/v1/SendMessageResponse.js';
import type {
  SendMessagesRequest as _smsgw_v1_SendMessagesRequest,
  SendMessagesRequest__Output as _smsgw_v1_SendMessagesRequest__Output,
} from './smsgw/v1/SendMessagesRequest.js';
import type {
  SendMessagesResponse as _smsgw_v1_SendMessagesResponse,
  SendMessagesResponse__Output as _smsgw_v1_SendMessagesResponse__Output,
} from './smsgw/v1/SendMessagesResponse.js';
import type {
  StatusEvent as _smsgw_v1_StatusEvent,
  StatusEvent__Output as _smsgw_v1_StatusEvent__Output,
} from './smsgw/v1/StatusEvent.js';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new (...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  smsgw: {
    v1: {
      Category: EnumTypeDefinition;
      ComplianceReport: MessageTypeDefinition<
        _smsgw_v1_ComplianceReport,
        _smsgw_v1_ComplianceReport__Output
      >;
      ComplianceReportRequest: MessageTypeDefinition<
        _smsgw_v1_ComplianceReportRequest,
        _smsgw_v1_ComplianceReportRequest__Output
      >;
      ComplianceService: SubtypeConstructor<
        typeof grpc.Client,
        _smsgw_v1_ComplianceServiceClient
      > & { service: _smsgw_v1_ComplianceServiceDefinition };
      ConsentEvidence: MessageTypeDefinition<
        _smsgw_v1_ConsentEvidence,
        _smsgw_v1_ConsentEvidence__Output
      >;
      ConsentHistoryEntry: MessageTypeDefinition<
        _smsgw_v1_ConsentHistoryEntry,
        _smsgw_v1_ConsentHistoryEntry__Output
      >;
      ConsentPurpose: EnumTypeDefinition;
      ConsentRecord: MessageTypeDefinition<
        _smsgw_v1_ConsentRecord,
        _smsgw_v1_ConsentRecord__Output
      >;
      ConsentService: SubtypeConstructor<typeof grpc.Client, _smsgw_v1_ConsentServiceClient> & {
        service: _smsgw_v1_ConsentServiceDefinition;
      };
      Decision: EnumTypeDefinition;
      DurationStats: MessageTypeDefinition<
        _smsgw_v1_DurationStats,
        _smsgw_v1_DurationStats__Output
      >;
      EmergencySend: MessageTypeDefinition<
        _smsgw_v1_EmergencySend,
        _smsgw_v1_EmergencySend__Output
      >;
      ErrorDetails: MessageTypeDefinition<_smsgw_v1_ErrorDetails, _smsgw_v1_ErrorDetails__Output>;
      EvaluateRequest: MessageTypeDefinition<
        _smsgw_v1_EvaluateRequest,
        _smsgw_v1_EvaluateRequest__Output
      >;
      EvaluateResponse: MessageTypeDefinition<
        _smsgw_v1_EvaluateResponse,
        _smsgw_v1_EvaluateResponse__Output
      >;
      ExportConsentEvidenceRequest: MessageTypeDefinition<
        _smsgw_v1_ExportConsentEvidenceRequest,
        _smsgw_v1_ExportConsentEvidenceRequest__Output
      >;
      ForgetRecipientRequest: MessageTypeDefinition<
        _smsgw_v1_ForgetRecipientRequest,
        _smsgw_v1_ForgetRecipientRequest__Output
      >;
      ForgetRecipientResponse: MessageTypeDefinition<
        _smsgw_v1_ForgetRecipientResponse,
        _smsgw_v1_ForgetRecipientResponse__Output
      >;
      GetConsentRequest: MessageTypeDefinition<
        _smsgw_v1_GetConsentRequest,
        _smsgw_v1_GetConsentRequest__Output
      >;
      GetConsentResponse: MessageTypeDefinition<
        _smsgw_v1_GetConsentResponse,
        _smsgw_v1_GetConsentResponse__Output
      >;
      GetMessageRequest: MessageTypeDefinition<
        _smsgw_v1_GetMessageRequest,
        _smsgw_v1_GetMessageRequest__Output
      >;
      GetMessageResponse: MessageTypeDefinition<
        _smsgw_v1_GetMessageResponse,
        _smsgw_v1_GetMessageResponse__Output
      >;
      ImportConsentsResponse: MessageTypeDefinition<
        _smsgw_v1_ImportConsentsResponse,
        _smsgw_v1_ImportConsentsResponse__Output
      >;
      MessageState: EnumTypeDefinition;
      MessagingService: SubtypeConstructor<typeof grpc.Client, _smsgw_v1_MessagingServiceClient> & {
        service: _smsgw_v1_MessagingServiceDefinition;
      };
      OptOutRecord: MessageTypeDefinition<_smsgw_v1_OptOutRecord, _smsgw_v1_OptOutRecord__Output>;
      Reason: MessageTypeDefinition<_smsgw_v1_Reason, _smsgw_v1_Reason__Output>;
      RecordConsentRequest: MessageTypeDefinition<
        _smsgw_v1_RecordConsentRequest,
        _smsgw_v1_RecordConsentRequest__Output
      >;
      RevokeConsentRequest: MessageTypeDefinition<
        _smsgw_v1_RevokeConsentRequest,
        _smsgw_v1_RevokeConsentRequest__Output
      >;
      SendMessageRequest: MessageTypeDefinition<
        _smsgw_v1_SendMessageRequest,
        _smsgw_v1_SendMessageRequest__Output
      >;
      SendMessageResponse: MessageTypeDefinition<
        _smsgw_v1_SendMessageResponse,
        _smsgw_v1_SendMessageResponse__Output
      >;
      SendMessagesRequest: MessageTypeDefinition<
        _smsgw_v1_SendMessagesRequest,
        _smsgw_v1_SendMessagesRequest__Output
      >;
      SendMessagesResponse: MessageTypeDefinition<
        _smsgw_v1_SendMessagesResponse,
        _smsgw_v1_SendMessagesResponse__Output
      >;
      StatusEvent: MessageTypeDefinition<_smsgw_v1_StatusEvent, _smsgw_v1_StatusEvent__Output>;
    };
  };
}
