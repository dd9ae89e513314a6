// Original file: ../../proto/smsgw/v1/admin.proto

export interface ListConnectorsRequest {}

export interface ListConnectorsRequest__Output {}
