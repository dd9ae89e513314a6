// Original file: ../../proto/smsgw/v1/messaging.proto

export interface GetMessageRequest {
  messageId?: string;
}

export interface GetMessageRequest__Output {
  messageId: string;
}
