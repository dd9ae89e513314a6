export * from './options.js';
export * from './grpc-definitions.js';
export * from './payload-codec.js';
export type {
  MessagingServiceHandlers,
  MessagingServiceClient,
} from './gen/smsgw/v1/MessagingService.js';
export type { HealthHandlers } from './gen/grpc/health/v1/Health.js';
export type {
  SendMessageRequest,
  SendMessageRequest__Output,
} from './gen/smsgw/v1/SendMessageRequest.js';
export type {
  SendMessageResponse,
  SendMessageResponse__Output,
} from './gen/smsgw/v1/SendMessageResponse.js';
export type { SendMessagesResponse__Output } from './gen/smsgw/v1/SendMessagesResponse.js';
export type {
  GetMessageResponse,
  GetMessageResponse__Output,
} from './gen/smsgw/v1/GetMessageResponse.js';
export type {
  StatusEvent as StatusEventProto,
  StatusEvent__Output as StatusEventProto__Output,
} from './gen/smsgw/v1/StatusEvent.js';
export type {
  SmsMessage as SmsMessageProto,
  SmsMessage__Output as SmsMessageProto__Output,
} from './gen/smsgw/v1/SmsMessage.js';
export type { ApprovedEvent__Output } from './gen/smsgw/v1/ApprovedEvent.js';
export type { AcceptedEvent__Output } from './gen/smsgw/v1/AcceptedEvent.js';
export type { Reason as ReasonProto } from './gen/smsgw/v1/Reason.js';
export type { InboundMessage__Output } from './gen/smsgw/v1/InboundMessage.js';
export type { ComplianceServiceHandlers } from './gen/smsgw/v1/ComplianceService.js';
export type { ConsentServiceHandlers } from './gen/smsgw/v1/ConsentService.js';
export type { ConsentEvidence, ConsentEvidence__Output } from './gen/smsgw/v1/ConsentEvidence.js';
export type { ConsentRecord } from './gen/smsgw/v1/ConsentRecord.js';
export type { EvaluateResponse } from './gen/smsgw/v1/EvaluateResponse.js';
export type { ComplianceReport__Output } from './gen/smsgw/v1/ComplianceReport.js';
export type { ConsentHistoryEntry__Output } from './gen/smsgw/v1/ConsentHistoryEntry.js';
export type { ConsentPurpose__Output } from './gen/smsgw/v1/ConsentPurpose.js';
export type { DispatcherAdminHandlers } from './gen/smsgw/v1/DispatcherAdmin.js';
export type { ConnectorStatus, ConnectorStatus__Output } from './gen/smsgw/v1/ConnectorStatus.js';
export type { ListConnectorsResponse__Output } from './gen/smsgw/v1/ListConnectorsResponse.js';
