// Original file: ../../proto/smsgw/v1/compliance.proto

import type { Long } from '@grpc/proto-loader';

export interface ConsentEvidence {
  source?: string;
  channel?: string;
  atMs?: number | string | Long;
  proofText?: string;
  moMessageId?: string;
}

export interface ConsentEvidence__Output {
  source: string;
  channel: string;
  atMs: number;
  proofText: string;
  moMessageId: string;
}
