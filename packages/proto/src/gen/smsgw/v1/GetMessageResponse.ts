// Original file: ../../proto/smsgw/v1/messaging.proto

import type {
  MessageState as _smsgw_v1_MessageState,
  MessageState__Output as _smsgw_v1_MessageState__Output,
} from '../../smsgw/v1/MessageState.js';
import type {
  StatusEvent as _smsgw_v1_StatusEvent,
  StatusEvent__Output as _smsgw_v1_StatusEvent__Output,
} from '../../smsgw/v1/StatusEvent.js';

export interface GetMessageResponse {
  messageId?: string;
  state?: _smsgw_v1_MessageState;
  history?: _smsgw_v1_StatusEvent[];
}

export interface GetMessageResponse__Output {
  messageId: string;
  state: _smsgw_v1_MessageState__Output;
  history: _smsgw_v1_StatusEvent__Output[];
}
