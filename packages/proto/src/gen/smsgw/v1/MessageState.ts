// Original file: ../../proto/smsgw/v1/common.proto

export const MessageState = {
  MESSAGE_STATE_UNSPECIFIED: 'MESSAGE_STATE_UNSPECIFIED',
  ACCEPTED: 'ACCEPTED',
  REJECTED: 'REJECTED',
  DEFERRED: 'DEFERRED',
  APPROVED: 'APPROVED',
  SUBMITTED: 'SUBMITTED',
  DELIVERED: 'DELIVERED',
  UNDELIVERABLE: 'UNDELIVERABLE',
  EXPIRED: 'EXPIRED',
  REJECTED_BY_CARRIER: 'REJECTED_BY_CARRIER',
  FAILED: 'FAILED',
  UNKNOWN: 'UNKNOWN',
} as const;

export type MessageState =
  | 'MESSAGE_STATE_UNSPECIFIED'
  | 0
  | 'ACCEPTED'
  | 1
  | 'REJECTED'
  | 2
  | 'DEFERRED'
  | 3
  | 'APPROVED'
  | 4
  | 'SUBMITTED'
  | 5
  | 'DELIVERED'
  | 6
  | 'UNDELIVERABLE'
  | 7
  | 'EXPIRED'
  | 8
  | 'REJECTED_BY_CARRIER'
  | 9
  | 'FAILED'
  | 10
  | 'UNKNOWN'
  | 11;

export type MessageState__Output = (typeof MessageState)[keyof typeof MessageState];
