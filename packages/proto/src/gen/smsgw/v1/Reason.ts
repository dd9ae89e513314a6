// Original file: ../../proto/smsgw/v1/common.proto

import type { Long } from '@grpc/proto-loader';

export interface Reason {
  code?: string;
  message?: string;
  field?: string;
  retryAfterMs?: number | string | Long;
  index?: number;
}

export interface Reason__Output {
  code: string;
  message: string;
  field: string;
  retryAfterMs: number;
  index: number;
}
