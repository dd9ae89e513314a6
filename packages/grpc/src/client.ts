import { readFileSync } from 'node:fs';
import {
  Client,
  credentials,
  Metadata,
  type ChannelCredentials,
  type ServiceError,
} from '@grpc/grpc-js';
import {
  adminProto,
  complianceProto,
  healthProto,
  messagingProto,
  type ComplianceReport__Output,
  type ConsentHistoryEntry__Output,
  type GetMessageResponse__Output,
  type ListConnectorsResponse__Output,
  type MessagingServiceClient,
  type SendMessageRequest,
  type SendMessageResponse__Output,
  type SendMessagesResponse__Output,
} from '@smsgw/proto';

/** TLS towards an smsgw server: the CA that signed it, and a client certificate for mTLS. */
export interface ClientTls {
  caFile: string;
  certFile?: string | undefined;
  keyFile?: string | undefined;
  /** Checked against the server certificate instead of the address's host (e.g. `localhost`). */
  serverName?: string | undefined;
}

/** Plaintext without `tls` (loopback development), else TLS (with a client certificate). */
export function channelCredentials(tls?: ClientTls): ChannelCredentials {
  if (!tls) return credentials.createInsecure();
  const read = (file: string | undefined) => (file ? readFileSync(file) : null);
  return credentials.createSsl(read(tls.caFile), read(tls.keyFile), read(tls.certFile));
}

/**
 * Client TLS for the operator CLI from SMSGW_CLIENT_TLS_CA_FILE (and _CERT_FILE, _KEY_FILE for
 * mTLS); plaintext when no CA is named.
 */
export function clientTlsFromEnv(
  env: Readonly<Record<string, string | undefined>>,
): ClientTls | undefined {
  const caFile = env.SMSGW_CLIENT_TLS_CA_FILE;
  if (!caFile) return undefined;
  return {
    caFile,
    certFile: env.SMSGW_CLIENT_TLS_CERT_FILE || undefined,
    keyFile: env.SMSGW_CLIENT_TLS_KEY_FILE || undefined,
    serverName: env.SMSGW_CLIENT_TLS_SERVER_NAME || undefined,
  };
}

/** The name the server's certificate is checked against, when not the address's host. */
function channelOptions(tls?: ClientTls): Record<string, string> {
  return tls?.serverName ? { 'grpc.ssl_target_name_override': tls.serverName } : {};
}

/** Call metadata carrying a bearer token. */
function bearer(token: string): Metadata {
  const m = new Metadata();
  m.set('authorization', `Bearer ${token}`);
  return m;
}

/** A unary call in grpc-js callback style as a promise. */
function call<T>(fn: (cb: (err: ServiceError | null, res?: T) => void) => void): Promise<T> {
  return new Promise((resolve, reject) =>
    fn((err, res) => (err ? reject(err) : resolve(res as T))),
  );
}

/** A promise-based MessagingService client that sends a bearer token on every call. */
export interface MessagingClient {
  sendMessage(request: SendMessageRequest): Promise<SendMessageResponse__Output>;
  sendMessages(messages: SendMessageRequest[]): Promise<SendMessagesResponse__Output>;
  getMessage(messageId: string): Promise<GetMessageResponse__Output>;
  close(): void;
}

/** Connects to `address` (host:port) with `token`, over TLS when `tls` is given. */
export function createMessagingClient(
  address: string,
  token: string,
  tls?: ClientTls,
): MessagingClient {
  const Client = messagingProto().smsgw.v1.MessagingService;
  const client: MessagingServiceClient = new Client(
    address,
    channelCredentials(tls),
    channelOptions(tls),
  );
  const metadata = (): Metadata => bearer(token);
  return {
    sendMessage: (request) => call((cb) => client.sendMessage(request, metadata(), cb)),
    sendMessages: (messages) => call((cb) => client.sendMessages({ messages }, metadata(), cb)),
    getMessage: (messageId) => call((cb) => client.getMessage({ messageId }, metadata(), cb)),
    close: () => client.close(),
  };
}

type Purpose = 'PURPOSE_MARKETING' | 'PURPOSE_TRANSACTIONAL';
/** One row of ImportConsents. */
export type ImportRow = {
  recipient: string;
  purpose: Purpose | 'CONSENT_PURPOSE_UNSPECIFIED';
  evidence?: { source: string; channel?: string; atMs?: number; proofText?: string };
};

/** A promise-based client for ConsentService and ComplianceService (both served by compliance). */
export interface ConsentClient {
  recordConsent(recipient: string, purpose: Purpose, source: string): Promise<unknown>;
  revokeConsent(recipient: string, purpose: Purpose, source: string): Promise<unknown>;
  getConsent(
    recipient: string,
  ): Promise<{ optedOut: boolean; records: { purpose: string; granted: boolean }[] }>;
  exportEvidence(recipient: string): Promise<ConsentHistoryEntry__Output[]>;
  forgetRecipient(
    recipient: string,
  ): Promise<{ suppressionKept: boolean; deferredDropped: number }>;
  importConsents(rows: ImportRow[]): Promise<{
    imported: number;
    refused: number;
    reasons: { code: string; index: number; field: string; message: string }[];
  }>;
  /** Every rule on `message`, as if at `atMs` (Unix ms; default now), without side effects. */
  evaluate(
    message: SendMessageRequest,
    atMs?: number,
  ): Promise<{
    decision: string;
    reasons: { code: string; message: string }[];
    advisories: { code: string; message: string }[];
    body: string;
    segments: number;
    encoding: string;
    releaseAtMs: number;
  }>;
  report(request: {
    fromMs?: number;
    toMs?: number;
    maxEntries?: number;
  }): Promise<ComplianceReport__Output>;
  close(): void;
}

/** Connects to the compliance service's ConsentService at `address` with `token`. */
export function createConsentClient(
  address: string,
  token: string,
  tls?: ClientTls,
): ConsentClient {
  const proto = complianceProto().smsgw.v1;
  const client = new proto.ConsentService(address, channelCredentials(tls), channelOptions(tls));
  const compliance = new proto.ComplianceService(
    address,
    channelCredentials(tls),
    channelOptions(tls),
  );
  const metadata = (): Metadata => bearer(token);
  return {
    recordConsent: (recipient, purpose, source) =>
      call((cb) =>
        client.recordConsent(
          {
            recipient,
            purpose,
            evidence: { source, channel: 'web', proofText: 'I agree to receive offers by SMS' },
          },
          metadata(),
          cb,
        ),
      ),
    revokeConsent: (recipient, purpose, source) =>
      call((cb) =>
        client.revokeConsent(
          { recipient, purpose, evidence: { source, channel: 'web' } },
          metadata(),
          cb,
        ),
      ),
    getConsent: (recipient) => call((cb) => client.getConsent({ recipient }, metadata(), cb)),
    forgetRecipient: (recipient) =>
      call((cb) => client.forgetRecipient({ recipient }, metadata(), cb)),
    evaluate: (message, atMs) =>
      call((cb) => compliance.evaluate({ message, atMs: atMs ?? 0 }, metadata(), cb)),
    report: (request) => call((cb) => compliance.getComplianceReport(request, metadata(), cb)),
    exportEvidence: (recipient) =>
      new Promise((resolve, reject) => {
        const entries: ConsentHistoryEntry__Output[] = [];
        const stream = client.exportConsentEvidence({ recipient }, metadata());
        stream.on('data', (e: ConsentHistoryEntry__Output) => entries.push(e));
        stream.on('error', reject);
        stream.on('end', () => resolve(entries));
      }),
    importConsents: (rows) =>
      new Promise((resolve, reject) => {
        const stream = client.importConsents(metadata(), (err, res) =>
          err ? reject(err) : resolve(res as never),
        );
        for (const row of rows) stream.write(row);
        stream.end();
      }),
    close: () => {
      client.close();
      compliance.close();
    },
  };
}

/** A promise-based client for the dispatcher's DispatcherAdmin service. */
export interface AdminClient {
  listConnectors(): Promise<ListConnectorsResponse__Output>;
  close(): void;
}

/** Connects to the dispatcher's admin service at `address` with an `admin`-scoped token. */
export function createAdminClient(address: string, token: string, tls?: ClientTls): AdminClient {
  const client = new (adminProto().smsgw.v1.DispatcherAdmin)(
    address,
    channelCredentials(tls),
    channelOptions(tls),
  );
  return {
    listConnectors: () => call((cb) => client.listConnectors({}, bearer(token), cb)),
    close: () => client.close(),
  };
}

/** A grpc.health.v1 client (what a load balancer asks). */
export interface HealthClient {
  /** The serving status of `service` ("" for the whole server): SERVING, NOT_SERVING, … */
  check(service?: string): Promise<string>;
  close(): void;
}

/** Connects a health client to any smsgw gRPC server (no token: health is unauthenticated). */
export function createHealthClient(address: string, tls?: ClientTls): HealthClient {
  const client = new (healthProto().grpc.health.v1.Health)(
    address,
    channelCredentials(tls),
    channelOptions(tls),
  );
  return {
    check: async (service = '') =>
      (await call<{ status: string }>((cb) => client.check({ service }, cb))).status,
    close: () => client.close(),
  };
}

/**
 * Sends raw request bytes to a unary method (`/smsgw.v1.MessagingService/SendMessage`) and
 * resolves with the raw answer: for tests of what a hand-serialized, hostile request gets.
 */
export function callRaw(
  address: string,
  token: string,
  path: string,
  request: Buffer,
  tls?: ClientTls,
): Promise<Buffer> {
  const client = new Client(address, channelCredentials(tls), channelOptions(tls));
  return new Promise<Buffer>((resolve, reject) => {
    client.makeUnaryRequest(
      path,
      (b: Buffer) => b,
      (b: Buffer) => b,
      request,
      bearer(token),
      (err, res) => (err ? reject(err) : resolve(res as Buffer)),
    );
  }).finally(() => client.close());
}

/** Sends raw request bytes on a client-streaming method and resolves with the raw answer. */
export function callRawClientStream(
  address: string,
  token: string,
  path: string,
  requests: readonly Buffer[],
  tls?: ClientTls,
): Promise<Buffer> {
  const client = new Client(address, channelCredentials(tls), channelOptions(tls));
  return new Promise<Buffer>((resolve, reject) => {
    const stream = client.makeClientStreamRequest(
      path,
      (b: Buffer) => b,
      (b: Buffer) => b,
      bearer(token),
      (err, res) => (err ? reject(err) : resolve(res as Buffer)),
    );
    for (const r of requests) stream.write(r);
    stream.end();
  }).finally(() => client.close());
}
