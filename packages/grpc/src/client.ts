import { credentials, Metadata, type ServiceError } from '@grpc/grpc-js';
import {
  complianceProto,
  messagingProto,
  type GetMessageResponse__Output,
  type MessagingServiceClient,
  type SendMessageRequest,
  type SendMessageResponse__Output,
  type SendMessagesResponse__Output,
} from '@smsgw/proto';

/** A promise-based MessagingService client that sends a bearer token on every call. */
export interface MessagingClient {
  sendMessage(request: SendMessageRequest): Promise<SendMessageResponse__Output>;
  sendMessages(messages: SendMessageRequest[]): Promise<SendMessagesResponse__Output>;
  getMessage(messageId: string): Promise<GetMessageResponse__Output>;
  close(): void;
}

/** Connects to `address` (host:port) over plaintext with `token`. */
export function createMessagingClient(address: string, token: string): MessagingClient {
  const Client = messagingProto().smsgw.v1.MessagingService;
  const client: MessagingServiceClient = new Client(address, credentials.createInsecure());
  const metadata = (): Metadata => {
    const m = new Metadata();
    m.set('authorization', `Bearer ${token}`);
    return m;
  };
  const call = <T>(fn: (cb: (err: ServiceError | null, res?: T) => void) => void): Promise<T> =>
    new Promise((resolve, reject) => fn((err, res) => (err ? reject(err) : resolve(res as T))));
  return {
    sendMessage: (request) => call((cb) => client.sendMessage(request, metadata(), cb)),
    sendMessages: (messages) => call((cb) => client.sendMessages({ messages }, metadata(), cb)),
    getMessage: (messageId) => call((cb) => client.getMessage({ messageId }, metadata(), cb)),
    close: () => client.close(),
  };
}

/** A promise-based ConsentService client (record and read consent). */
export interface ConsentClient {
  recordConsent(recipient: string, purpose: 'PURPOSE_MARKETING' | 'PURPOSE_TRANSACTIONAL', source: string): Promise<unknown>;
  getConsent(recipient: string): Promise<{ optedOut: boolean; records: { purpose: string; granted: boolean }[] }>;
  close(): void;
}

/** Connects to the compliance service's ConsentService at `address` with `token`. */
export function createConsentClient(address: string, token: string): ConsentClient {
  const Client = complianceProto().smsgw.v1.ConsentService;
  const client = new Client(address, credentials.createInsecure());
  const metadata = (): Metadata => {
    const m = new Metadata();
    m.set('authorization', `Bearer ${token}`);
    return m;
  };
  const call = <T>(fn: (cb: (err: ServiceError | null, res?: T) => void) => void): Promise<T> =>
    new Promise((resolve, reject) => fn((err, res) => (err ? reject(err) : resolve(res as T))));
  return {
    recordConsent: (recipient, purpose, source) =>
      call((cb) => client.recordConsent({ recipient, purpose, evidence: { source, channel: 'web', proofText: 'I agree to receive offers by SMS' } }, metadata(), cb)),
    getConsent: (recipient) => call((cb) => client.getConsent({ recipient }, metadata(), cb)),
    close: () => client.close(),
  };
}
