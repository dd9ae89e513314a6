// Original file: ../../proto/smsgw/v1/compliance.proto

import type {
  ConsentPurpose as _smsgw_v1_ConsentPurpose,
  ConsentPurpose__Output as _smsgw_v1_ConsentPurpose__Output,
} from '../../smsgw/v1/ConsentPurpose.js';
import type {
  ConsentEvidence as _smsgw_v1_ConsentEvidence,
  ConsentEvidence__Output as _smsgw_v1_ConsentEvidence__Output,
} from '../../smsgw/v1/ConsentEvidence.js';

export interface ConsentHistoryEntry {
  action?: string;
  purpose?: _smsgw_v1_ConsentPurpose;
  evidence?: _smsgw_v1_ConsentEvidence | null;
}

export interface ConsentHistoryEntry__Output {
  action: string;
  purpose: _smsgw_v1_ConsentPurpose__Output;
  evidence: _smsgw_v1_ConsentEvidence__Output | null;
}
