// Original file: ../../proto/smsgw/v1/compliance.proto

export interface ForgetRecipientResponse {
  suppressionKept?: boolean;
  deferredDropped?: number;
}

export interface ForgetRecipientResponse__Output {
  suppressionKept: boolean;
  deferredDropped: number;
}
