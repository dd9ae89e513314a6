/**
 * How much one produce request may carry. The broker refuses a record batch over
 * `message.max.bytes` (1 MiB by default, topic `max.message.bytes`) with MESSAGE_TOO_LARGE, which
 * is not retriable: a stage that replays the same oversized batch never gets past it. kafkajs
 * writes one record batch per partition per request and does not split, so we keep a whole
 * request under the limit; then no partition's batch in it can exceed it.
 */
export interface RequestBudget {
  /** Estimated bytes of one request at most (default 512 KiB). */
  maxBytes: number;
  /** Records of one request at most (default 2,000). */
  maxRecords: number;
}

/** Half the broker's default 1 MiB limit: leaves room for headers and the record batch framing. */
export const DEFAULT_REQUEST_BUDGET: RequestBudget = { maxBytes: 512 * 1024, maxRecords: 2000 };

/** Bytes a record of a record batch takes beyond its key and value: varint lengths, deltas, attributes. */
const RECORD_OVERHEAD_BYTES = 24;

/** What one record costs a request, as counted against {@link RequestBudget.maxBytes}. */
export function recordBytes(record: { key: string | Buffer | null; value: Buffer | null }): number {
  const key =
    record.key === null
      ? 0
      : typeof record.key === 'string'
        ? Buffer.byteLength(record.key)
        : record.key.length;
  return key + (record.value?.length ?? 0) + RECORD_OVERHEAD_BYTES;
}

/**
 * Splits `items` in order into runs that each fit `budget` (a single item larger than the budget
 * forms a run of its own). `bytesOf` and `countOf` say what an item costs.
 */
export function splitByBudget<T>(
  items: readonly T[],
  budget: RequestBudget,
  bytesOf: (item: T) => number,
  countOf: (item: T) => number = () => 1,
): T[][] {
  const runs: T[][] = [];
  let run: T[] = [];
  let bytes = 0;
  let count = 0;
  for (const item of items) {
    const itemBytes = bytesOf(item);
    const itemCount = countOf(item);
    if (
      run.length > 0 &&
      (bytes + itemBytes > budget.maxBytes || count + itemCount > budget.maxRecords)
    ) {
      runs.push(run);
      run = [];
      bytes = 0;
      count = 0;
    }
    run.push(item);
    bytes += itemBytes;
    count += itemCount;
  }
  if (run.length > 0) runs.push(run);
  return runs;
}
