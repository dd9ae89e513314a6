// Original file: ../../proto/smsgw/v1/compliance.proto

import type { Long } from '@grpc/proto-loader';

export interface OptOutRecord {
  inboundId?: string;
  receivedAtMs?: number | string | Long;
  effectiveAtMs?: number | string | Long;
  how?: string;
  confirmationMessageId?: string;
  confirmationSubmittedAtMs?: number | string | Long;
  repeat?: boolean;
}

export interface OptOutRecord__Output {
  inboundId: string;
  receivedAtMs: number;
  effectiveAtMs: number;
  how: string;
  confirmationMessageId: string;
  confirmationSubmittedAtMs: number;
  repeat: boolean;
}
