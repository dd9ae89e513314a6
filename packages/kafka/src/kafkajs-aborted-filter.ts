// A drop-in for kafkajs 2.2.4's consumer/filterAbortedMessages (read_committed), installed by
// kafkajs-patches.ts.
//
// Why: a fetch response lists the aborted transactions in its range in the order their abort
// markers were written, not by first offset. kafkajs walks that list assuming it is sorted by
// first offset and starts at most one aborted transaction per record, so a transaction that
// began before another but was aborted after it is only skipped from where the walk reaches it:
// its first records are handed to the application as if committed. A broker restart aborts
// several stages' transactions at once in just that order; the chaos suite saw the records of
// aborted compliance transactions read back as a second APPROVED (and, downstream, dispatched
// again from the ledger as a second SUBMITTED). Here, as in the Java client: sorted by first
// offset, and every aborted transaction that has begun at a record is started before it is judged.

/** A consumed record as kafkajs gives it to the filter. */
export interface FilterableMessage {
  offset: string;
  key: Buffer | null;
  isControlRecord?: boolean;
  batchContext: { producerId: string; inTransaction: boolean };
}

/** An aborted transaction of a fetch response. */
export interface AbortedTransaction {
  producerId: string;
  firstOffset: string;
}

/** The control record that ends an aborted transaction has key version 0, type 0 (ABORT). */
const ABORT_MARKER_KEY = Buffer.from([0, 0, 0, 0]);
const isAbortMarker = (key: Buffer | null): boolean =>
  key !== null && key.length === 4 && Buffer.from(key).equals(ABORT_MARKER_KEY);

/** The records that did not take part in an aborted transaction (control records are kept, as kafkajs does). */
export function filterAbortedMessages<M extends FilterableMessage>({
  messages,
  abortedTransactions,
}: {
  messages: M[];
  abortedTransactions?: AbortedTransaction[] | null;
}): M[] {
  if (!abortedTransactions || abortedTransactions.length === 0) return messages;
  const pending = abortedTransactions
    .map((t) => ({ producerId: t.producerId, firstOffset: BigInt(t.firstOffset) }))
    .sort((a, b) => (a.firstOffset < b.firstOffset ? -1 : a.firstOffset > b.firstOffset ? 1 : 0));
  const aborting = new Set<string>();
  let next = 0;
  return messages.filter((message) => {
    const offset = BigInt(message.offset);
    for (let t = pending[next]; t !== undefined && offset >= t.firstOffset; t = pending[++next])
      aborting.add(t.producerId);
    const { producerId, inTransaction } = message.batchContext;
    if (message.isControlRecord === true && isAbortMarker(message.key)) {
      aborting.delete(producerId); // the transaction is over: this producer's next records count again
      return true;
    }
    return !(inTransaction && aborting.has(producerId));
  });
}
