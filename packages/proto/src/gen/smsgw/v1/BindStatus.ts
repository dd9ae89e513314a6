// Original file: ../../proto/smsgw/v1/admin.proto

export interface BindStatus {
  index?: number;
  state?: string;
  windowUsed?: number;
  windowSize?: number;
  rateLimitPerSecond?: number | string;
  role?: string;
}

export interface BindStatus__Output {
  index: number;
  state: string;
  windowUsed: number;
  windowSize: number;
  rateLimitPerSecond: number;
  role: string;
}
