// Original file: ../../proto/smsgw/v1/compliance.proto

import type { Long } from '@grpc/proto-loader';

export interface ComplianceReportRequest {
  fromMs?: number | string | Long;
  toMs?: number | string | Long;
  maxEntries?: number;
}

export interface ComplianceReportRequest__Output {
  fromMs: number;
  toMs: number;
  maxEntries: number;
}
