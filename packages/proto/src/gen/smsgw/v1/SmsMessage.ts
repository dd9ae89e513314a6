// Original file: ../../proto/smsgw/v1/events.proto

import type {
  Category as _smsgw_v1_Category,
  Category__Output as _smsgw_v1_Category__Output,
} from '../../smsgw/v1/Category.js';
import type { Long } from '@grpc/proto-loader';

export interface SmsMessage {
  messageId?: string;
  tenantId?: string;
  to?: string;
  from?: string;
  body?: string;
  category?: _smsgw_v1_Category;
  acceptedAtMs?: number | string | Long;
  idempotencyKey?: string;
  emergencyReason?: string;
}

export interface SmsMessage__Output {
  messageId: string;
  tenantId: string;
  to: string;
  from: string;
  body: string;
  category: _smsgw_v1_Category__Output;
  acceptedAtMs: number;
  idempotencyKey: string;
  emergencyReason: string;
}
