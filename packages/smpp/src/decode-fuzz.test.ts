import { GatewayError } from '@smsgw/core';
import { describe, expect, it } from 'vitest';
import { FrameReader } from './frame-reader.js';
import { decodePdu, encodePdu } from './pdu-codec.js';

// Fuzzing the decode path (issue 4, Robustness): generated PDUs, then mutated ones, in random
// chunkings. A deterministic generator makes any failure reproducible from its seed.
function rng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

const COMMANDS: [string, (r: () => number) => Record<string, unknown>][] = [
  [
    'submit_sm',
    (r) => ({
      source_addr: 'Acme',
      destination_addr: String(Math.floor(r() * 1e11)),
      data_coding: r() < 0.5 ? 0 : 8,
      short_message: Buffer.from(
        Array.from({ length: Math.floor(r() * 140) }, () => Math.floor(r() * 256)),
      ),
    }),
  ],
  [
    'submit_sm_resp',
    (r) => ({
      message_id: Math.floor(r() * 1e9).toString(16),
      command_status: r() < 0.8 ? 0 : 0x58,
    }),
  ],
  [
    'deliver_sm',
    (r) => ({
      source_addr: '447700900123',
      destination_addr: '12345',
      esm_class: r() < 0.5 ? 0x04 : 0,
      short_message: Buffer.from('id:1 stat:DELIVRD'),
      receipted_message_id: '1f',
      message_state: 2,
    }),
  ],
  ['enquire_link', () => ({})],
  ['enquire_link_resp', () => ({})],
  ['bind_transceiver_resp', () => ({ system_id: 'smsc' })],
  ['unbind', () => ({})],
  ['generic_nack', () => ({ command_status: 3 })],
];

function generate(r: () => number, count: number): Buffer[] {
  return Array.from({ length: count }, (_, i) => {
    const [command, fields] = COMMANDS[
      Math.floor(r() * COMMANDS.length)
    ] as (typeof COMMANDS)[number];
    return encodePdu(command, { ...fields(r), sequence_number: i + 1 });
  });
}

function mutate(r: () => number, frame: Buffer): Buffer {
  const copy = Buffer.from(frame);
  switch (Math.floor(r() * 5)) {
    case 0: // flip bytes anywhere, the header included
      for (let i = 0; i < 1 + r() * 4; i++)
        copy[Math.floor(r() * copy.length)] = Math.floor(r() * 256);
      return copy;
    case 1: // a lying command_length
      copy.writeUInt32BE(Math.floor(r() * 2 ** 32), 0);
      return copy;
    case 2: // truncated body with a consistent length
      return ((t) => (t.writeUInt32BE(t.length, 0), t))(
        Buffer.from(copy.subarray(0, Math.max(16, Math.floor(r() * copy.length)))),
      );
    case 3: // an unknown command id
      copy.writeUInt32BE(Math.floor(r() * 2 ** 32), 4);
      return copy;
    default: // random bytes behind a plausible header
      return Buffer.concat([
        copy.subarray(0, 16),
        Buffer.from(Array.from({ length: Math.floor(r() * 64) }, () => Math.floor(r() * 256))),
      ]);
  }
}

function chunked(r: () => number, stream: Buffer): Buffer[] {
  const chunks: Buffer[] = [];
  for (let offset = 0; offset < stream.length;) {
    const size = 1 + Math.floor(r() * 300);
    chunks.push(stream.subarray(offset, offset + size));
    offset += size;
  }
  return chunks;
}

/** What a connection would do with the stream: decoded PDUs until the first error, and the error. */
function readAll(chunks: Buffer[]): { commands: string[]; error?: Error } {
  const reader = new FrameReader();
  const commands: string[] = [];
  for (const chunk of chunks) {
    const { frames, error } = reader.push(chunk);
    for (const frame of frames) {
      try {
        commands.push(decodePdu(frame).command);
      } catch (err) {
        return { commands, error: err as Error };
      }
    }
    if (error) return { commands, error };
  }
  return { commands };
}

describe('decode path under fuzzing', () => {
  it('decodes generated PDUs exactly, however the stream is chunked', () => {
    for (let seed = 1; seed <= 200; seed++) {
      const r = rng(seed);
      const frames = generate(r, 20);
      const expected = frames.map((f) => decodePdu(f).command);
      const { commands, error } = readAll(chunked(r, Buffer.concat(frames)));
      expect(error, `seed ${seed}`).toBeUndefined();
      expect(commands, `seed ${seed}`).toEqual(expected);
    }
  });

  it('never throws anything but a protocol error on mutated PDUs, and keeps every frame before the damage', () => {
    let protocolErrors = 0;
    for (let seed = 1; seed <= 3000; seed++) {
      const r = rng(seed);
      const frames = generate(r, 8);
      const damaged = Math.floor(r() * frames.length);
      frames[damaged] = mutate(r, frames[damaged] as Buffer);
      let result: ReturnType<typeof readAll> | undefined;
      expect(
        () => (result = readAll(chunked(r, Buffer.concat(frames)))),
        `seed ${seed}`,
      ).not.toThrow();
      const { commands, error } = result as ReturnType<typeof readAll>;
      if (error) {
        protocolErrors++;
        expect(error, `seed ${seed}`).toBeInstanceOf(GatewayError);
        expect((error as GatewayError).code).toBe('PROTOCOL_ERROR');
      }
      // Whatever came before the damaged frame was valid and is delivered.
      expect(commands.length, `seed ${seed}`).toBeGreaterThanOrEqual(error ? damaged : 0);
    }
    expect(protocolErrors).toBeGreaterThan(100); // the mutations really produced broken input
  });
});
