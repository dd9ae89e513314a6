// Original file: ../../proto/smsgw/v1/compliance.proto

export const Decision = {
  DECISION_UNSPECIFIED: 'DECISION_UNSPECIFIED',
  APPROVE: 'APPROVE',
  REJECT: 'REJECT',
  DEFER: 'DEFER',
} as const;

export type Decision = 'DECISION_UNSPECIFIED' | 0 | 'APPROVE' | 1 | 'REJECT' | 2 | 'DEFER' | 3;

export type Decision__Output = (typeof Decision)[keyof typeof Decision];
