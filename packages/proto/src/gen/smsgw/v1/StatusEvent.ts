// Original file: ../../proto/smsgw/v1/common.proto

import type {
  MessageState as _smsgw_v1_MessageState,
  MessageState__Output as _smsgw_v1_MessageState__Output,
} from '../../smsgw/v1/MessageState.js';
import type {
  Reason as _smsgw_v1_Reason,
  Reason__Output as _smsgw_v1_Reason__Output,
} from '../../smsgw/v1/Reason.js';
import type { Long } from '@grpc/proto-loader';

export interface StatusEvent {
  messageId?: string;
  tenantId?: string;
  state?: _smsgw_v1_MessageState;
  atMs?: number | string | Long;
  stage?: string;
  reasons?: _smsgw_v1_Reason[];
  carrierMessageId?: string;
  connector?: string;
  releaseAtMs?: number | string | Long;
}

export interface StatusEvent__Output {
  messageId: string;
  tenantId: string;
  state: _smsgw_v1_MessageState__Output;
  atMs: number;
  stage: string;
  reasons: _smsgw_v1_Reason__Output[];
  carrierMessageId: string;
  connector: string;
  releaseAtMs: number;
}
