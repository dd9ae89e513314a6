import protobuf from 'protobufjs';
import { PROTO_LOADER_OPTIONS } from './options.js';
import type { AcceptedEvent, AcceptedEvent__Output } from './gen/smsgw/v1/AcceptedEvent.js';
import type { ApprovedEvent, ApprovedEvent__Output } from './gen/smsgw/v1/ApprovedEvent.js';
import type { ErrorDetails, ErrorDetails__Output } from './gen/smsgw/v1/ErrorDetails.js';
import type { StatusEvent, StatusEvent__Output } from './gen/smsgw/v1/StatusEvent.js';
import type { InboundMessage, InboundMessage__Output } from './gen/smsgw/v1/InboundMessage.js';

/** Encodes and decodes one protobuf message type, with the shared loader options. */
export interface PayloadCodec<In, Out> {
  encode(value: In): Buffer;
  decode(bytes: Uint8Array): Out;
}

const CONVERSION = {
  longs: PROTO_LOADER_OPTIONS.longs,
  enums: PROTO_LOADER_OPTIONS.enums,
  defaults: PROTO_LOADER_OPTIONS.defaults,
  oneofs: PROTO_LOADER_OPTIONS.oneofs,
};

let root: protobuf.Root | undefined;

function loadRoot(): protobuf.Root {
  if (root) return root;
  const r = new protobuf.Root();
  // Resolve imports against proto/, as proto-loader does with includeDirs.
  r.resolvePath = (_origin, target) => `${PROTO_LOADER_OPTIONS.includeDirs[0]}/${target}`;
  r.loadSync(['smsgw/v1/events.proto', 'smsgw/v1/messaging.proto'], {
    keepCase: PROTO_LOADER_OPTIONS.keepCase,
  });
  r.resolveAll();
  root = r;
  return r;
}

/** On Node protobufjs already writes into a Buffer: use it as it is rather than copy it. */
const asBuffer = (bytes: Uint8Array): Buffer =>
  Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);

function codec<In, Out>(typeName: string): () => PayloadCodec<In, Out> {
  let cached: PayloadCodec<In, Out> | undefined;
  return () => {
    if (cached) return cached;
    const type = loadRoot().lookupType(typeName);
    cached = {
      encode: (value) => asBuffer(type.encode(type.fromObject(value as object)).finish()),
      decode: (bytes) => type.toObject(type.decode(bytes), CONVERSION) as Out,
    };
    return cached;
  };
}

/** Payload of smsgw.sms.accepted.v1. */
export const acceptedEventCodec = codec<AcceptedEvent, AcceptedEvent__Output>(
  'smsgw.v1.AcceptedEvent',
);
/** Payload of smsgw.sms.approved.v1. */
export const approvedEventCodec = codec<ApprovedEvent, ApprovedEvent__Output>(
  'smsgw.v1.ApprovedEvent',
);
/** Payload of smsgw.sms.status.v1 (and the history entries of GetMessage). */
export const statusEventCodec = codec<StatusEvent, StatusEvent__Output>('smsgw.v1.StatusEvent');
/** The "smsgw-error-details-bin" trailer of a failed gRPC call. */
export const errorDetailsCodec = codec<ErrorDetails, ErrorDetails__Output>('smsgw.v1.ErrorDetails');
/** Payload of smsgw.sms.inbound.v1. */
export const inboundMessageCodec = codec<InboundMessage, InboundMessage__Output>(
  'smsgw.v1.InboundMessage',
);
