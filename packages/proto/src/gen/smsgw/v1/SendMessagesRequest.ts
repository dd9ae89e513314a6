// Original file: ../../proto/smsgw/v1/messaging.proto

import type {
  SendMessageRequest as _smsgw_v1_SendMessageRequest,
  SendMessageRequest__Output as _smsgw_v1_SendMessageRequest__Output,
} from '../../smsgw/v1/SendMessageRequest.js';

export interface SendMessagesRequest {
  messages?: _smsgw_v1_SendMessageRequest[];
}

export interface SendMessagesRequest__Output {
  messages: _smsgw_v1_SendMessageRequest__Output[];
}
