// Original file: ../../proto/smsgw/v1/events.proto

import type {
  SmsMessage as _smsgw_v1_SmsMessage,
  SmsMessage__Output as _smsgw_v1_SmsMessage__Output,
} from '../../smsgw/v1/SmsMessage.js';
import type {
  Reason as _smsgw_v1_Reason,
  Reason__Output as _smsgw_v1_Reason__Output,
} from '../../smsgw/v1/Reason.js';
import type { Long } from '@grpc/proto-loader';

export interface ApprovedEvent {
  sms?: _smsgw_v1_SmsMessage | null;
  approvedAtMs?: number | string | Long;
  advisories?: _smsgw_v1_Reason[];
  priority?: number;
  autoReplyKind?: string;
  triggerReceivedAtMs?: number | string | Long;
  segments?: number;
}

export interface ApprovedEvent__Output {
  sms: _smsgw_v1_SmsMessage__Output | null;
  approvedAtMs: number;
  advisories: _smsgw_v1_Reason__Output[];
  priority: number;
  autoReplyKind: string;
  triggerReceivedAtMs: number;
  segments: number;
}
