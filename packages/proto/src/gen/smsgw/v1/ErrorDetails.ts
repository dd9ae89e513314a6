// Original file: ../../proto/smsgw/v1/messaging.proto

import type {
  Reason as _smsgw_v1_Reason,
  Reason__Output as _smsgw_v1_Reason__Output,
} from '../../smsgw/v1/Reason.js';

export interface ErrorDetails {
  reasons?: _smsgw_v1_Reason[];
}

export interface ErrorDetails__Output {
  reasons: _smsgw_v1_Reason__Output[];
}
