// Original file: ../../proto/smsgw/v1/events.proto

import type {
  SmsMessage as _smsgw_v1_SmsMessage,
  SmsMessage__Output as _smsgw_v1_SmsMessage__Output,
} from '../../smsgw/v1/SmsMessage.js';

export interface AcceptedEvent {
  sms?: _smsgw_v1_SmsMessage | null;
}

export interface AcceptedEvent__Output {
  sms: _smsgw_v1_SmsMessage__Output | null;
}
