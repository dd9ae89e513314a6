// Original file: ../../proto/smsgw/v1/compliance.proto

export interface ExportConsentEvidenceRequest {
  recipient?: string;
}

export interface ExportConsentEvidenceRequest__Output {
  recipient: string;
}
