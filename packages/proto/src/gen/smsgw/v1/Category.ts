// Original file: ../../proto/smsgw/v1/common.proto

export const Category = {
  CATEGORY_UNSPECIFIED: 'CATEGORY_UNSPECIFIED',
  TRANSACTIONAL: 'TRANSACTIONAL',
  MARKETING: 'MARKETING',
  EMERGENCY: 'EMERGENCY',
} as const;

export type Category =
  'CATEGORY_UNSPECIFIED' | 0 | 'TRANSACTIONAL' | 1 | 'MARKETING' | 2 | 'EMERGENCY' | 3;

export type Category__Output = (typeof Category)[keyof typeof Category];
