// Original file: ../../proto/smsgw/v1/compliance.proto

export interface GetConsentRequest {
  recipient?: string;
}

export interface GetConsentRequest__Output {
  recipient: string;
}
