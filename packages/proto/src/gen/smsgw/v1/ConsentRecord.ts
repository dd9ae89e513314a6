// Original file: ../../proto/smsgw/v1/compliance.proto

import type {
  ConsentPurpose as _smsgw_v1_ConsentPurpose,
  ConsentPurpose__Output as _smsgw_v1_ConsentPurpose__Output,
} from '../../smsgw/v1/ConsentPurpose.js';
import type {
  ConsentEvidence as _smsgw_v1_ConsentEvidence,
  ConsentEvidence__Output as _smsgw_v1_ConsentEvidence__Output,
} from '../../smsgw/v1/ConsentEvidence.js';

export interface ConsentRecord {
  purpose?: _smsgw_v1_ConsentPurpose;
  granted?: boolean;
  evidence?: _smsgw_v1_ConsentEvidence | null;
}

export interface ConsentRecord__Output {
  purpose: _smsgw_v1_ConsentPurpose__Output;
  granted: boolean;
  evidence: _smsgw_v1_ConsentEvidence__Output | null;
}
