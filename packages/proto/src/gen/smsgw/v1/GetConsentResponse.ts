// Original file: ../../proto/smsgw/v1/compliance.proto

import type {
  ConsentRecord as _smsgw_v1_ConsentRecord,
  ConsentRecord__Output as _smsgw_v1_ConsentRecord__Output,
} from '../../smsgw/v1/ConsentRecord.js';

export interface GetConsentResponse {
  records?: _smsgw_v1_ConsentRecord[];
  optedOut?: boolean;
}

export interface GetConsentResponse__Output {
  records: _smsgw_v1_ConsentRecord__Output[];
  optedOut: boolean;
}
