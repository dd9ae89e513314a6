// Original file: ../../proto/smsgw/v1/compliance.proto

import type { Long } from '@grpc/proto-loader';

export interface EmergencySend {
  messageId?: string;
  reason?: string;
  approvedAtMs?: number | string | Long;
}

export interface EmergencySend__Output {
  messageId: string;
  reason: string;
  approvedAtMs: number;
}
