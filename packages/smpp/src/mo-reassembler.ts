import type { MoPart } from './delivery.js';

/** A reassembled MO: its text, and whether parts were missing when the timeout came. */
export interface AssembledMo<T> {
  source: string;
  destination: string;
  text: string;
  complete: boolean;
  /** What was attached to each part (the deliver_sm acks to send once it is stored). */
  tokens: T[];
}

interface Pending<T> {
  parts: Map<number, string>;
  total: number;
  source: string;
  destination: string;
  tokens: T[];
  firstAtMs: number;
}

/**
 * Reassembles multipart MO in any order (GSM 03.40 concatenation or SAR). A message whose parts
 * do not all arrive within `timeoutMs` is released incomplete (and reported), not kept forever.
 * Pure: time comes from the caller.
 */
export function createMoReassembler<T>(timeoutMs: number) {
  const pending = new Map<string, Pending<T>>();
  const assemble = (p: Pending<T>, complete: boolean): AssembledMo<T> => ({
    source: p.source,
    destination: p.destination,
    complete,
    tokens: p.tokens,
    text: Array.from({ length: p.total }, (_, i) => p.parts.get(i + 1) ?? '').join(''),
  });
  return {
    /** Adds a part; returns the whole message once every part is in. */
    add(part: MoPart, token: T, nowMs: number): AssembledMo<T> | undefined {
      if (!part.part)
        return {
          source: part.source,
          destination: part.destination,
          text: part.text,
          complete: true,
          tokens: [token],
        };
      const key = `${part.source}|${part.destination}|${part.part.reference}|${part.part.total}`;
      let entry = pending.get(key);
      if (!entry)
        pending.set(
          key,
          (entry = {
            parts: new Map(),
            total: part.part.total,
            source: part.source,
            destination: part.destination,
            tokens: [],
            firstAtMs: nowMs,
          }),
        );
      entry.parts.set(part.part.sequence, part.text);
      entry.tokens.push(token);
      if (entry.parts.size < entry.total) return undefined;
      pending.delete(key);
      return assemble(entry, true);
    },
    /** Releases messages waiting longer than the timeout, incomplete. */
    expire(nowMs: number): AssembledMo<T>[] {
      const out: AssembledMo<T>[] = [];
      for (const [key, entry] of pending) {
        if (nowMs - entry.firstAtMs >= timeoutMs) {
          pending.delete(key);
          out.push(assemble(entry, false));
        }
      }
      return out;
    },
    get size(): number {
      return pending.size;
    },
  };
}
