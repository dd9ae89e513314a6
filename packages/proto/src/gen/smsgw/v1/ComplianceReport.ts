// Original file: ../../proto/smsgw/v1/compliance.proto

import type {
  DurationStats as _smsgw_v1_DurationStats,
  DurationStats__Output as _smsgw_v1_DurationStats__Output,
} from '../../smsgw/v1/DurationStats.js';
import type {
  OptOutRecord as _smsgw_v1_OptOutRecord,
  OptOutRecord__Output as _smsgw_v1_OptOutRecord__Output,
} from '../../smsgw/v1/OptOutRecord.js';
import type {
  EmergencySend as _smsgw_v1_EmergencySend,
  EmergencySend__Output as _smsgw_v1_EmergencySend__Output,
} from '../../smsgw/v1/EmergencySend.js';
import type { Long } from '@grpc/proto-loader';

export interface ComplianceReport {
  tenantId?: string;
  fromMs?: number | string | Long;
  toMs?: number | string | Long;
  optOutRequests?: number | string | Long;
  confirmation?: _smsgw_v1_DurationStats | null;
  unconfirmedOptOuts?: number | string | Long;
  timeToEffect?: _smsgw_v1_DurationStats | null;
  refusedOptedOut?: number | string | Long;
  optOuts?: _smsgw_v1_OptOutRecord[];
  emergencySends?: _smsgw_v1_EmergencySend[];
  truncated?: boolean;
  repeatedRequests?: number | string | Long;
}

export interface ComplianceReport__Output {
  tenantId: string;
  fromMs: number;
  toMs: number;
  optOutRequests: number;
  confirmation: _smsgw_v1_DurationStats__Output | null;
  unconfirmedOptOuts: number;
  timeToEffect: _smsgw_v1_DurationStats__Output | null;
  refusedOptedOut: number;
  optOuts: _smsgw_v1_OptOutRecord__Output[];
  emergencySends: _smsgw_v1_EmergencySend__Output[];
  truncated: boolean;
  repeatedRequests: number;
}
