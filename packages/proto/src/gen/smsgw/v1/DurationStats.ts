// Original file: ../../proto/smsgw/v1/compliance.proto

import type { Long } from '@grpc/proto-loader';

export interface DurationStats {
  count?: number | string | Long;
  p50Ms?: number | string | Long;
  p99Ms?: number | string | Long;
  maxMs?: number | string | Long;
}

export interface DurationStats__Output {
  count: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}
