// Original file: ../../proto/smsgw/v1/compliance.proto

export const ConsentPurpose = {
  CONSENT_PURPOSE_UNSPECIFIED: 'CONSENT_PURPOSE_UNSPECIFIED',
  PURPOSE_TRANSACTIONAL: 'PURPOSE_TRANSACTIONAL',
  PURPOSE_MARKETING: 'PURPOSE_MARKETING',
} as const;

export type ConsentPurpose =
  'CONSENT_PURPOSE_UNSPECIFIED' | 0 | 'PURPOSE_TRANSACTIONAL' | 1 | 'PURPOSE_MARKETING' | 2;

export type ConsentPurpose__Output = (typeof ConsentPurpose)[keyof typeof ConsentPurpose];
