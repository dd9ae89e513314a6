// Original file: ../../proto/smsgw/v1/messaging.proto

import type {
  SendMessageResponse as _smsgw_v1_SendMessageResponse,
  SendMessageResponse__Output as _smsgw_v1_SendMessageResponse__Output,
} from '../../smsgw/v1/SendMessageResponse.js';

export interface SendMessagesResponse {
  results?: _smsgw_v1_SendMessageResponse[];
}

export interface SendMessagesResponse__Output {
  results: _smsgw_v1_SendMessageResponse__Output[];
}
