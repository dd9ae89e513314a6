// Must be evaluated before kafkajs is first loaded: index.ts imports it first, and every module
// of this package that imports kafkajs as a value imports this before it.
import { createRequire } from 'node:module';
import { filterAbortedMessages } from './kafkajs-aborted-filter.js';
import {
  addStableOffsetFetch,
  OFFSET_FETCH_STABLE_VERSION,
  type KafkajsProtocol,
  type OffsetFetchDefinition,
} from './kafkajs-offset-fetch.js';
import { fastRecordDecoder } from './kafkajs-record-decoder.js';
import { fastRecordEncoder } from './kafkajs-record-encoder.js';
import {
  closeConnectionOnRequestTimeout,
  type ConnectionClosedError,
  type KafkajsConnection,
} from './kafkajs-request-timeout.js';
import { createSendMessages, type SendMessagesInternals } from './kafkajs-send-messages.js';

const require = createRequire(import.meta.url);

/** The kafkajs release this patch was written against (its file is replaced wholesale). */
const PATCHED_VERSION = '2.2.4';
const GROUPING_MODULE = 'kafkajs/src/producer/groupMessagesPerPartition.js';
const RECORD_MODULE = 'kafkajs/src/protocol/recordBatch/record/v0/index.js';
const RECORD_DECODER_MODULE = 'kafkajs/src/protocol/recordBatch/record/v0/decoder.js';
const ABORTED_FILTER_MODULE = 'kafkajs/src/consumer/filterAbortedMessages.js';
const SEND_MODULE = 'kafkajs/src/producer/sendMessages.js';

type Partitioner = (args: {
  topic: string;
  partitionMetadata: unknown[];
  message: unknown;
}) => number;

/**
 * kafkajs groups a send's messages per partition by copying the partition's array for every
 * message (quadratic; tulios/kafkajs#1576, never released). At a transaction of 8,000 status
 * events it was a quarter of the dispatcher's allocations. Same contract, one pass.
 */
export function groupMessagesPerPartition({
  topic,
  partitionMetadata,
  messages,
  partitioner,
}: {
  topic: string;
  partitionMetadata: unknown[];
  messages: unknown[];
  partitioner: Partitioner;
}): Record<number, unknown[]> {
  const result: Record<number, unknown[]> = {};
  if (partitionMetadata.length === 0) return result;
  for (const message of messages) {
    const partition = partitioner({ topic, partitionMetadata, message });
    (result[partition] ??= []).push(message);
  }
  return result;
}

type Grouping = typeof groupMessagesPerPartition;
type RecordEncoder = Parameters<typeof fastRecordEncoder>[0];
type RecordDecoder = Parameters<typeof fastRecordDecoder>[0];

/**
 * Replaces a kafkajs module's exports in the require cache. Only before `loadedBy` (the module
 * that captures them when it loads) is loaded: too late once it has.
 */
function replaceModule<T>(
  module: string,
  loadedBy: string,
  replacement: (original: T) => T,
): { patched: boolean; original: T } {
  const original = require(module) as T; // a real module record in the cache
  const cached = require.cache[require.resolve(module)];
  if (require.cache[require.resolve(loadedBy)] || !cached) return { patched: false, original };
  cached.exports = replacement(original);
  return { patched: true, original };
}

interface Patched {
  grouping: boolean;
  records: boolean;
  stableOffsets: boolean;
  abortedFilter: boolean;
  partitionSends: boolean;
  requestTimeouts: boolean;
  originalSendMessages?: unknown;
  originalAbortedFilter?: typeof filterAbortedMessages;
  originalGrouping?: Grouping;
  originalRecord?: RecordEncoder;
  originalRecordDecoder?: RecordDecoder;
}

function patch(): Patched {
  const version = (require('kafkajs/package.json') as { version: string }).version;
  if (version !== PATCHED_VERSION)
    return {
      grouping: false,
      records: false,
      stableOffsets: false,
      abortedFilter: false,
      partitionSends: false,
      requestTimeouts: false,
    }; // another release: leave it as it is (createKafka refuses to run without the send fix)
  const grouping = replaceModule<Grouping>(
    GROUPING_MODULE,
    'kafkajs/src/producer/sendMessages.js',
    () => groupMessagesPerPartition,
  );
  const encoderPrototype = (require('kafkajs/src/protocol/encoder.js') as { prototype: object })
    .prototype;
  const records = replaceModule<RecordEncoder>(
    RECORD_MODULE,
    'kafkajs/src/protocol/requests/produce/v3/request.js',
    (original) => fastRecordEncoder(original, encoderPrototype),
  );
  const { LOG_APPEND_TIME } = require('kafkajs/src/protocol/timestampTypes.js') as {
    LOG_APPEND_TIME: number;
  };
  const decoder = replaceModule<RecordDecoder>(
    RECORD_DECODER_MODULE,
    'kafkajs/src/protocol/recordBatch/v0/decoder.js',
    (original) => fastRecordDecoder(original, LOG_APPEND_TIME),
  );
  const abortedFilter = replaceModule<typeof filterAbortedMessages>(
    ABORTED_FILTER_MODULE,
    'kafkajs/src/consumer/batch.js',
    () => filterAbortedMessages,
  );
  const sends = replaceModule<unknown>(SEND_MODULE, 'kafkajs/src/producer/messageProducer.js', () =>
    createSendMessages(sendInternals()),
  );
  return {
    requestTimeouts: patchRequestTimeouts(),
    partitionSends: sends.patched,
    originalSendMessages: sends.original,
    abortedFilter: abortedFilter.patched,
    originalAbortedFilter: abortedFilter.original,
    grouping: grouping.patched,
    records: records.patched && decoder.patched,
    stableOffsets: patchOffsetFetch(),
    originalGrouping: grouping.original,
    originalRecord: records.original,
    originalRecordDecoder: decoder.original,
  };
}

/** kafkajs's own modules that the fixed send uses (see kafkajs-send-messages.ts). */
function sendInternals(): SendMessagesInternals {
  const errors = require('kafkajs/src/errors.js') as Pick<
    SendMessagesInternals,
    'KafkaJSMetadataNotLoaded'
  >;
  const protocolErrors = require('kafkajs/src/protocol/error.js') as Pick<
    SendMessagesInternals,
    'staleMetadata'
  >;
  return {
    KafkaJSMetadataNotLoaded: errors.KafkaJSMetadataNotLoaded,
    staleMetadata: protocolErrors.staleMetadata,
    groupMessagesPerPartition,
    createTopicData:
      require('kafkajs/src/producer/createTopicData.js') as SendMessagesInternals['createTopicData'],
    responseSerializer:
      require('kafkajs/src/producer/responseSerializer.js') as SendMessagesInternals['responseSerializer'],
  };
}

/** A request that times out closes its connection (see kafkajs-request-timeout.ts). */
function patchRequestTimeouts(): boolean {
  const Connection = require('kafkajs/src/network/connection.js') as {
    prototype: KafkajsConnection;
  };
  const { KafkaJSConnectionClosedError } = require('kafkajs/src/errors.js') as {
    KafkaJSConnectionClosedError: ConnectionClosedError;
  };
  closeConnectionOnRequestTimeout(Connection.prototype, KafkaJSConnectionClosedError);
  return true;
}

/** OffsetFetch with require_stable (see kafkajs-offset-fetch.ts); the table is read at each request. */
function patchOffsetFetch(): boolean {
  const definition =
    require('kafkajs/src/protocol/requests/offsetFetch/index.js') as OffsetFetchDefinition;
  if (definition.versions.includes(String(OFFSET_FETCH_STABLE_VERSION))) return true;
  const errors = require('kafkajs/src/protocol/error.js') as Pick<
    KafkajsProtocol,
    'failure' | 'createErrorFromCode'
  >;
  addStableOffsetFetch(definition, {
    Encoder: require('kafkajs/src/protocol/encoder.js') as KafkajsProtocol['Encoder'],
    Decoder: require('kafkajs/src/protocol/decoder.js') as KafkajsProtocol['Decoder'],
    failure: errors.failure,
    createErrorFromCode: errors.createErrorFromCode,
    apiKey: (require('kafkajs/src/protocol/requests/apiKeys.js') as { OffsetFetch: number })
      .OffsetFetch,
  });
  return true;
}

const patched = patch();

/** True when the linear grouping is what kafkajs's producer uses. */
export const kafkajsGroupingPatched = patched.grouping;

/** True when produce requests encode records with {@link fastRecordEncoder} and fetches decode them with {@link fastRecordDecoder}. */
export const kafkajsRecordsPatched = patched.records;

/** kafkajs's own (quadratic) grouping, kept so tests and benchmarks compare against the real thing. */
export const kafkajsOriginalGrouping: Grouping | undefined = patched.originalGrouping;

/** kafkajs's own Record encoder and decoder, for the same reason. */
export const kafkajsOriginalRecord: RecordEncoder | undefined = patched.originalRecord;
export const kafkajsOriginalRecordDecoder: RecordDecoder | undefined =
  patched.originalRecordDecoder;

/** True when OffsetFetch asks for stable offsets only (v7, require_stable: KIP-447). */
export const kafkajsStableOffsetsPatched = patched.stableOffsets;

/** True when read_committed consumers skip aborted transactions with {@link filterAbortedMessages} (see kafkajs-aborted-filter.ts). */
export const kafkajsAbortedFilterPatched = patched.abortedFilter;

/** kafkajs's own filter, kept so a test shows what it got wrong. */
export const kafkajsOriginalAbortedFilter: typeof filterAbortedMessages | undefined =
  patched.originalAbortedFilter;

/**
 * True when producer sends remember answered partitions, not brokers (kafkajs-send-messages.ts):
 * without it a send on a cluster can succeed without writing every partition.
 */
export const kafkajsSendPatched = patched.partitionSends;

/** kafkajs's own send, kept so a test shows what it got wrong. */
export const kafkajsOriginalSendMessages: unknown = patched.originalSendMessages;

/** True when a request that times out closes its connection (a hung one is not reused). */
export const kafkajsRequestTimeoutsPatched = patched.requestTimeouts;
