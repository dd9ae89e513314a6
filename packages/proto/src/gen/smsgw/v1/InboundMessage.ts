// Original file: ../../proto/smsgw/v1/events.proto

import type { Long } from '@grpc/proto-loader';

export interface InboundMessage {
  inboundId?: string;
  from?: string;
  to?: string;
  body?: string;
  receivedAtMs?: number | string | Long;
  connector?: string;
}

export interface InboundMessage__Output {
  inboundId: string;
  from: string;
  to: string;
  body: string;
  receivedAtMs: number;
  connector: string;
}
