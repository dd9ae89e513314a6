// OffsetFetch v7 for kafkajs 2.2.4 (which stops at v4): the version with `require_stable`
// (KIP-447). Wired in by kafkajs-patches.ts.
//
// Why: a transaction's consumed offsets become visible to OffsetFetch only once the group
// coordinator has applied its commit marker, which happens after EndTxn has answered (and, after
// a broker restart, after the coordinator has reloaded and finished the transaction). Up to v6 the
// broker answers meanwhile with the previous offset, so a consumer that (re)joins the group, or a
// stage that re-reads its committed offset, handles a batch again whose outputs are already
// committed: the chaos suite's broker restart wrote APPROVED and SUBMITTED events twice. With
// require_stable the broker answers UNSTABLE_OFFSET_COMMIT (retriable) until the offset is final.

/** The kafkajs pieces the request is built from (its own Encoder, Decoder and error helpers). */
export interface KafkajsProtocol {
  Encoder: new () => KafkajsEncoder;
  Decoder: new (buffer: Buffer) => KafkajsDecoder;
  failure(errorCode: number): boolean;
  createErrorFromCode(errorCode: number): Error;
  apiKey: number;
}

interface KafkajsEncoder {
  writeUVarInt(value: number): KafkajsEncoder;
  writeUVarIntString(value: string): KafkajsEncoder;
  writeUVarIntArray(array: KafkajsEncoder[] | null): KafkajsEncoder;
  writeInt32(value: number): KafkajsEncoder;
  writeBoolean(value: boolean): KafkajsEncoder;
}

interface KafkajsDecoder {
  readTaggedFields(): unknown;
  readInt16(): number;
  readInt32(): number;
  readInt64(): { toString(): string };
  readUVarIntString(): string | null;
  readUVarIntArray<T>(reader: (d: KafkajsDecoder) => T): T[] | null;
}

interface FetchArgs {
  groupId: string;
  topics: { topic: string; partitions: { partition: number }[] }[] | null;
}

/** What kafkajs's OffsetFetch callers read (the v4 response shape). */
export interface OffsetFetchResponse {
  throttleTime: number;
  clientSideThrottleTime: number;
  errorCode: number;
  responses: {
    topic: string;
    partitions: { partition: number; offset: string; metadata: string | null; errorCode: number }[];
  }[];
}

export const OFFSET_FETCH_STABLE_VERSION = 7;

/** The kafkajs request definition of OffsetFetch v7, always with require_stable = true. */
export function offsetFetchV7(kafkajs: KafkajsProtocol) {
  const { Encoder, Decoder } = kafkajs;
  // Flexible versions (6+): compact strings and arrays, a tag buffer after every struct and
  // after the request header (written first here: kafkajs writes header v1 without it).
  const encodeTopic = ({
    topic,
    partitions,
  }: {
    topic: string;
    partitions: { partition: number }[];
  }): KafkajsEncoder =>
    new Encoder()
      .writeUVarIntString(topic)
      .writeUVarIntArray(partitions.map(({ partition }) => new Encoder().writeInt32(partition)))
      .writeUVarInt(0);

  const decodePartition = (d: KafkajsDecoder) => {
    const partition = d.readInt32();
    const offset = d.readInt64().toString();
    d.readInt32(); // committed leader epoch (v5+): kafkajs does not use it
    const metadata = d.readUVarIntString();
    const errorCode = d.readInt16();
    d.readTaggedFields();
    return { partition, offset, metadata, errorCode };
  };
  const decodeTopic = (d: KafkajsDecoder) => {
    const topic = d.readUVarIntString() ?? '';
    const partitions = d.readUVarIntArray(decodePartition) ?? [];
    d.readTaggedFields();
    return { topic, partitions };
  };

  const response = {
    // kafkajs awaits these three: they return promises (without async work).
    decode: (rawData: Buffer): Promise<OffsetFetchResponse> => {
      const d = new Decoder(rawData);
      d.readTaggedFields(); // response header v1
      const throttleTime = d.readInt32();
      const responses = d.readUVarIntArray(decodeTopic) ?? [];
      const errorCode = d.readInt16();
      d.readTaggedFields();
      return Promise.resolve({
        throttleTime: 0,
        clientSideThrottleTime: throttleTime,
        errorCode,
        responses,
      });
    },
    parse: (data: OffsetFetchResponse): Promise<OffsetFetchResponse> => {
      const failed = kafkajs.failure(data.errorCode)
        ? data.errorCode
        : data.responses.flatMap((t) => t.partitions).find((p) => kafkajs.failure(p.errorCode))
            ?.errorCode;
      return failed === undefined
        ? Promise.resolve(data)
        : Promise.reject(kafkajs.createErrorFromCode(failed));
    },
  };

  return ({ groupId, topics }: FetchArgs) => ({
    request: {
      apiKey: kafkajs.apiKey,
      apiVersion: OFFSET_FETCH_STABLE_VERSION,
      apiName: 'OffsetFetch',
      encode: () =>
        Promise.resolve(
          new Encoder()
            .writeUVarInt(0) // request header v2's tag buffer
            .writeUVarIntString(groupId)
            .writeUVarIntArray(topics === null ? null : topics.map(encodeTopic))
            .writeBoolean(true) // require_stable
            .writeUVarInt(0),
        ),
    },
    response,
  });
}

/** kafkajs's request table entry for OffsetFetch: its versions and how to build each. */
export interface OffsetFetchDefinition {
  versions: string[];
  protocol(args: { version: number }): (args: FetchArgs) => unknown;
}

/** Adds v7 to kafkajs's OffsetFetch entry (the broker picks the highest version both support). */
export function addStableOffsetFetch(
  definition: OffsetFetchDefinition,
  kafkajs: KafkajsProtocol,
): void {
  const v7 = offsetFetchV7(kafkajs);
  const original = definition.protocol.bind(definition);
  definition.versions.push(String(OFFSET_FETCH_STABLE_VERSION));
  definition.protocol = ({ version }) =>
    version === OFFSET_FETCH_STABLE_VERSION ? v7 : original({ version });
}
