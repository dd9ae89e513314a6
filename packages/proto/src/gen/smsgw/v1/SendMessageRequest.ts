// Original file: ../../proto/smsgw/v1/messaging.proto

import type {
  Category as _smsgw_v1_Category,
  Category__Output as _smsgw_v1_Category__Output,
} from '../../smsgw/v1/Category.js';

export interface SendMessageRequest {
  to?: string;
  from?: string;
  body?: string;
  category?: _smsgw_v1_Category;
  idempotencyKey?: string;
  emergencyReason?: string;
}

export interface SendMessageRequest__Output {
  to: string;
  from: string;
  body: string;
  category: _smsgw_v1_Category__Output;
  idempotencyKey: string;
  emergencyReason: string;
}
