// Original file: ../../proto/smsgw/v1/compliance.proto

import type {
  Reason as _smsgw_v1_Reason,
  Reason__Output as _smsgw_v1_Reason__Output,
} from '../../smsgw/v1/Reason.js';
import type { Long } from '@grpc/proto-loader';

export interface ImportConsentsResponse {
  imported?: number | string | Long;
  refused?: number | string | Long;
  reasons?: _smsgw_v1_Reason[];
}

export interface ImportConsentsResponse__Output {
  imported: number;
  refused: number;
  reasons: _smsgw_v1_Reason__Output[];
}
