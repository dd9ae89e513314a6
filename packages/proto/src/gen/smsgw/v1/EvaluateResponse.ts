// Original file: ../../proto/smsgw/v1/compliance.proto

import type {
  Decision as _smsgw_v1_Decision,
  Decision__Output as _smsgw_v1_Decision__Output,
} from '../../smsgw/v1/Decision.js';
import type {
  Reason as _smsgw_v1_Reason,
  Reason__Output as _smsgw_v1_Reason__Output,
} from '../../smsgw/v1/Reason.js';
import type { Long } from '@grpc/proto-loader';

export interface EvaluateResponse {
  decision?: _smsgw_v1_Decision;
  reasons?: _smsgw_v1_Reason[];
  advisories?: _smsgw_v1_Reason[];
  body?: string;
  segments?: number;
  encoding?: string;
  releaseAtMs?: number | string | Long;
}

export interface EvaluateResponse__Output {
  decision: _smsgw_v1_Decision__Output;
  reasons: _smsgw_v1_Reason__Output[];
  advisories: _smsgw_v1_Reason__Output[];
  body: string;
  segments: number;
  encoding: string;
  releaseAtMs: number;
}
