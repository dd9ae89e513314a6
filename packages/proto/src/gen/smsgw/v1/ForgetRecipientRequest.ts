// Original file: ../../proto/smsgw/v1/compliance.proto

export interface ForgetRecipientRequest {
  recipient?: string;
}

export interface ForgetRecipientRequest__Output {
  recipient: string;
}
