// Original file: ../../proto/smsgw/v1/compliance.proto

import type {
  SendMessageRequest as _smsgw_v1_SendMessageRequest,
  SendMessageRequest__Output as _smsgw_v1_SendMessageRequest__Output,
} from '../../smsgw/v1/SendMessageRequest.js';
import type { Long } from '@grpc/proto-loader';

export interface EvaluateRequest {
  message?: _smsgw_v1_SendMessageRequest | null;
  atMs?: number | string | Long;
}

export interface EvaluateRequest__Output {
  message: _smsgw_v1_SendMessageRequest__Output | null;
  atMs: number;
}
