/**
 * Calls made within one turn of the event loop go out as one batch: `flush` gets their items in
 * call order and returns one result per item. Used on hot paths where each call would otherwise
 * be its own network write (one Redis call for a window's worth of ledger writes, not one each).
 * A failed flush rejects every call in it.
 */
export function coalescePerTurn<I, O>(
  flush: (items: I[]) => Promise<readonly O[]>,
): (item: I) => Promise<O> {
  let queued: { item: I; resolve: (result: O) => void; reject: (err: unknown) => void }[] = [];
  const run = (): void => {
    const batch = queued;
    queued = [];
    // A flush that throws instead of rejecting must still reach its callers (not the event loop).
    new Promise<readonly O[]>((resolve) => resolve(flush(batch.map((q) => q.item)))).then(
      (results) => batch.forEach((q, i) => q.resolve(results[i] as O)),
      (err: unknown) => batch.forEach((q) => q.reject(err)),
    );
  };
  return (item) =>
    new Promise<O>((resolve, reject) => {
      // setImmediate, not nextTick: responses read from several sockets in one poll phase share a batch.
      if (queued.length === 0) setImmediate(run);
      queued.push({ item, resolve, reject });
    });
}
