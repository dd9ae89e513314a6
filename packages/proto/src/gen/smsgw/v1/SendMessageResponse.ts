// Original file: ../../proto/smsgw/v1/messaging.proto

import type {
  MessageState as _smsgw_v1_MessageState,
  MessageState__Output as _smsgw_v1_MessageState__Output,
} from '../../smsgw/v1/MessageState.js';
import type { Long } from '@grpc/proto-loader';

export interface SendMessageResponse {
  messageId?: string;
  state?: _smsgw_v1_MessageState;
  acceptedAtMs?: number | string | Long;
}

export interface SendMessageResponse__Output {
  messageId: string;
  state: _smsgw_v1_MessageState__Output;
  acceptedAtMs: number;
}
