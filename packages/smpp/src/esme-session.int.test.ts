import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { encodeText } from '@smsgw/core';
import { createTestPki, selfSignedCertificate, waitFor } from '@smsgw/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import { COMMAND_STATUS } from './command-status.js';
import { BindRefusedError, EsmeSession, type EsmeSessionOptions } from './esme-session.js';
import { FrameReader } from './frame-reader.js';
import { decodePdu, encodePdu, encodeResponse } from './pdu-codec.js';
import { SmppNoResponseError } from './smpp-connection.js';
import { startSmscSimulator, type SmscSimulator } from './smsc-simulator.js';

const credentials = { systemId: 'gw', password: 'pw' };
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function sessionOptions(
  port: number,
  overrides: Partial<EsmeSessionOptions> = {},
): EsmeSessionOptions {
  return {
    host: '127.0.0.1',
    port,
    ...credentials,
    bindType: 'transceiver',
    windowSize: 10,
    responseTimeoutMs: 2000,
    enquireLinkIntervalMs: 0,
    ...overrides,
  };
}

async function simulator(responseDelayMs = 0): Promise<SmscSimulator> {
  const sim = await startSmscSimulator({ credentials, behaviour: { responseDelayMs } });
  cleanups.push(() => sim.close());
  return sim;
}

async function open(
  port: number,
  overrides: Partial<EsmeSessionOptions> = {},
): Promise<EsmeSession> {
  const session = await EsmeSession.open(sessionOptions(port, overrides));
  cleanups.push(() => session.close());
  return session;
}

const submit = (text: string, encoding: 'GSM7' | 'UCS2' = 'GSM7') => ({
  source_addr: 'Acme',
  destination_addr: '14155550123',
  data_coding: encoding === 'GSM7' ? 0 : 8,
  short_message: encodeText(text, encoding),
});

/** A raw SMPP peer for misbehaviour the simulator does not offer: answers bind, then runs `after`. */
async function rawPeer(after: (socket: Socket) => void): Promise<number> {
  const server: Server = createServer((socket) => {
    const reader = new FrameReader();
    socket.on('data', (chunk) => {
      for (const frame of reader.push(chunk).frames) {
        const pdu = decodePdu(frame);
        if (pdu.command.startsWith('bind_')) {
          socket.write(encodeResponse(pdu, COMMAND_STATUS.ESME_ROK, { system_id: 'raw' }));
          after(socket);
        }
      }
    });
    socket.on('error', () => undefined);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  cleanups.push(() => new Promise<void>((r) => server.close(() => r())));
  return (server.address() as AddressInfo).port;
}

describe('ESME session against the SMSC simulator over TCP', () => {
  it('binds and submits; the SMSC decodes exactly what was sent', async () => {
    const sim = await simulator();
    const session = await open(sim.port);
    expect(session.state).toBe('BOUND');
    const gsm = await session.submitSm(submit('Hello [world] €'));
    const ucs2 = await session.submitSm(submit('مرحبا 😀', 'UCS2'));
    expect(gsm.commandStatus).toBe(0);
    expect(sim.received.map((r) => r.text)).toEqual(['Hello [world] €', 'مرحبا 😀']);
    expect(sim.received.map((r) => r.smscMessageId)).toEqual([gsm.messageId, ucs2.messageId]);
  });

  it('counts submits without keeping them when told not to retain them (benchmarks)', async () => {
    const sim = await startSmscSimulator({ credentials, retainSubmits: false });
    cleanups.push(() => sim.close());
    const texts: string[] = [];
    sim.on('submit', (s) => texts.push(s.text));
    const session = await open(sim.port);
    await Promise.all(['a', 'b', 'c'].map((t) => session.submitSm(submit(t))));
    expect(sim.receivedCount).toBe(3);
    expect(sim.received).toEqual([]);
    expect(texts.sort()).toEqual(['a', 'b', 'c']);
  });

  it('never has more than windowSize submit_sm unanswered at the SMSC', async () => {
    const sim = await simulator(20);
    const session = await open(sim.port, { windowSize: 5 });
    await Promise.all(Array.from({ length: 60 }, (_, i) => session.submitSm(submit(`m${i}`))));
    expect(sim.received).toHaveLength(60);
    expect(sim.maxUnansweredPerSession).toBe(5);
  });

  it('fails a submit whose response does not come in time as sent (in doubt), and ignores the late response', async () => {
    const sim = await simulator(400);
    const session = await open(sim.port, { responseTimeoutMs: 100 });
    const error = await session.submitSm(submit('slow')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SmppNoResponseError);
    expect((error as SmppNoResponseError).sent).toBe(true);
    expect((error as SmppNoResponseError).code).toBe('DEADLINE_EXCEEDED');
    await waitFor(() => sim.received.length === 1, { what: 'late submit_sm_resp sent' });
    expect(session.state).toBe('BOUND');
  });

  it('stops writing to a bind whose submits time out: at most one window in doubt, then one trial at a time until the SMSC answers again', async () => {
    // A black hole: submit_sm taken and never answered, enquire_link still answered.
    const sim = await startSmscSimulator({ credentials, behaviour: { blackHole: true } });
    cleanups.push(() => sim.close());
    const session = await open(sim.port, { windowSize: 5, responseTimeoutMs: 200 });
    const all = Array.from({ length: 40 }, (_, i) =>
      session.submitSm(submit(`m${i}`)).then(
        () => 'ok',
        (e: unknown) => ((e as SmppNoResponseError).sent ? 'in doubt' : 'not sent'),
      ),
    );
    // The window (5) goes out; once it has timed out, one trial after each answered probe
    // (without the pause, a new window would go out after each timeout: 10 at once).
    await waitFor(() => sim.received.length >= 7, { what: 'the window and two trials' });
    expect(sim.received.length).toBeLessThanOrEqual(8);
    sim.setBehaviour({});
    const results = await Promise.all(all);
    const inDoubt = results.filter((r) => r === 'in doubt').length;
    expect(inDoubt).toBeGreaterThanOrEqual(7);
    expect(inDoubt).toBeLessThanOrEqual(9); // the trial in flight when the SMSC healed, at most
    expect(results.filter((r) => r === 'ok')).toHaveLength(40 - inDoubt);
    expect(sim.received).toHaveLength(40); // each written once
    expect(session.state).toBe('BOUND');
  });

  it('drops a bind that answers nothing at all (a half-open connection) once its window has timed out', async () => {
    const port = await rawPeer(() => undefined); // answers bind, then nothing ever
    const session = await open(port, { windowSize: 3, responseTimeoutMs: 200 });
    const all = Array.from({ length: 10 }, (_, i) =>
      session.submitSm(submit(`m${i}`)).then(
        () => 'ok',
        (e: unknown) => ((e as { sent?: boolean }).sent ? 'in doubt' : 'not sent'),
      ),
    );
    await waitFor(() => session.state === 'CLOSED', { what: 'the bind dropped after the probe' });
    const results = await Promise.all(all);
    // The window went out and is in doubt; the rest were never written (sent elsewhere later).
    expect(results.filter((r) => r === 'in doubt')).toHaveLength(3);
    expect(results.filter((r) => r === 'not sent')).toHaveLength(7);
  });

  it('fails every pending submit as in doubt when the SMSC drops the connection', async () => {
    const sim = await simulator(5000);
    const session = await open(sim.port);
    const pending = Promise.allSettled([
      session.submitSm(submit('a')),
      session.submitSm(submit('b')),
    ]);
    await waitFor(() => session.windowUsed === 2, { what: 'two submits in flight' });
    sim.dropAllBinds();
    const results = await pending;
    for (const r of results) {
      expect(r.status).toBe('rejected');
      const reason = (r as PromiseRejectedResult).reason as SmppNoResponseError;
      expect(reason.sent).toBe(true);
      expect(reason.code).toBe('UNAVAILABLE');
    }
    await waitFor(() => session.state === 'CLOSED', { what: 'session closed' });
    await expect(session.submitSm(submit('after'))).rejects.toThrow(/bind is CLOSED/);
  });

  it('reports a bind refused for bad credentials as an authentication failure', async () => {
    const sim = await simulator();
    const error = await EsmeSession.open(sessionOptions(sim.port, { password: 'wrong' })).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(BindRefusedError);
    expect((error as BindRefusedError).authentication).toBe(true);
    expect(sim.boundSessions).toBe(0);
  });

  it('resets the bind on a malformed frame instead of stalling', async () => {
    const port = await rawPeer((socket) => socket.write(Buffer.from([0, 0, 0, 3, 1, 2, 3, 4])));
    const session = await EsmeSession.open(sessionOptions(port));
    cleanups.push(() => session.close());
    await waitFor(() => session.state === 'CLOSED', { what: 'session reset' });
    expect(session.closeReason?.message).toMatch(/invalid command_length 3/);
  });

  it('ignores a response to a sequence number it never used and keeps working', async () => {
    const port = await rawPeer((socket) => {
      socket.write(encodePdu('submit_sm_resp', { sequence_number: 999_999, message_id: 'bogus' }));
      const reader = new FrameReader();
      socket.on('data', (chunk) => {
        for (const frame of reader.push(chunk).frames) {
          const pdu = decodePdu(frame);
          if (pdu.command === 'submit_sm')
            socket.write(encodeResponse(pdu, 0, { message_id: 'real' }));
        }
      });
    });
    const session = await EsmeSession.open(sessionOptions(port, { responseTimeoutMs: 300 }));
    cleanups.push(() => session.close());
    expect((await session.submitSm(submit('x'))).messageId).toBe('real');
    expect(session.state).toBe('BOUND');
  });

  it.each(['enquire_link_resp', 'deliver_sm_resp', 'bind_transceiver_resp'])(
    'takes a submit_sm answered with %s under its sequence number as in doubt, and resets the bind',
    async (wrong) => {
      const port = await rawPeer((socket) => {
        const reader = new FrameReader();
        socket.on('data', (chunk) => {
          for (const pdu of reader.push(chunk).frames.map(decodePdu))
            if (pdu.command === 'submit_sm')
              socket.write(
                encodePdu(wrong, {
                  sequence_number: pdu.sequence_number,
                  system_id: 'x',
                  message_id: 'x',
                }),
              );
        });
      });
      const session = await EsmeSession.open(sessionOptions(port, { responseTimeoutMs: 2000 }));
      cleanups.push(() => session.close());
      const error = await session.submitSm(submit('x')).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(SmppNoResponseError);
      expect(error).toMatchObject({ sent: true, code: 'PROTOCOL_ERROR' });
      await waitFor(() => session.state === 'CLOSED', { what: 'the bind reset' });
    },
  );

  it('answers an unknown command with generic_nack ESME_RINVCMDID and stays bound', async () => {
    const answers: number[] = [];
    const port = await rawPeer((socket) => {
      const unknown = Buffer.alloc(16);
      unknown.writeUInt32BE(16, 0);
      unknown.writeUInt32BE(0x00000777, 4);
      unknown.writeUInt32BE(42, 12);
      socket.write(unknown);
      const reader = new FrameReader();
      socket.on('data', (chunk) =>
        reader.push(chunk).frames.forEach((f) => answers.push(decodePdu(f).command_status)),
      );
    });
    const session = await open(port);
    await waitFor(() => answers.length === 1, { what: 'the answer to the unknown command' });
    expect(answers).toEqual([COMMAND_STATUS.ESME_RINVCMDID]);
    expect(session.state).toBe('BOUND');
  });

  it('refuses a deliver_sm flood beyond its limit with ESME_RTHROTTLED instead of piling up work', async () => {
    const answers: number[] = [];
    const port = await rawPeer((socket) => {
      const reader = new FrameReader();
      let flooded = false;
      socket.on('data', (chunk) => {
        for (const pdu of reader.push(chunk).frames.map(decodePdu)) {
          if (pdu.command === 'deliver_sm_resp') answers.push(pdu.command_status);
          // The ESME's first enquire_link says it is listening: then the flood comes.
          if (pdu.command === 'enquire_link' && !flooded) {
            flooded = true;
            socket.write(encodeResponse(pdu, 0));
            for (let i = 0; i < 150; i++)
              socket.write(
                encodePdu('deliver_sm', {
                  sequence_number: 10 + i,
                  source_addr: '447700900123',
                  destination_addr: '12345',
                  short_message: Buffer.from('hi'),
                }),
              );
          } else if (pdu.command === 'enquire_link') socket.write(encodeResponse(pdu, 0));
        }
      });
    });
    const session = await EsmeSession.open(
      sessionOptions(port, { maxPendingDeliveries: 100, enquireLinkIntervalMs: 100 }),
    );
    cleanups.push(() => session.close());
    const held: (() => void)[] = [];
    session.on('deliverSm', (_pdu, ack) => held.push(() => ack())); // a slow consumer: nothing acknowledged yet
    await waitFor(() => answers.length === 50, { what: 'the refusals' });
    expect(answers).toEqual(Array(50).fill(COMMAND_STATUS.ESME_RTHROTTLED));
    held.forEach((ack) => ack());
    await waitFor(() => answers.length === 150, { what: 'the acknowledgements' });
    expect(session.state).toBe('BOUND');
  });

  it('refuses a deliver_sm whose handler throws with ESME_RX_P_APPN, reports it, and stays bound', async () => {
    const sim = await simulator();
    const session = await open(sim.port);
    const failures: unknown[] = [];
    session.on('deliveryFailed', (err) => failures.push(err));
    session.on('deliverSm', () => {
      throw new RangeError('a parser bug');
    });
    const fields = {
      source_addr: '447700900123',
      destination_addr: '12345',
      short_message: Buffer.from('hi'),
    };
    expect(await sim.sendDeliverSm(fields)).toBe(COMMAND_STATUS.ESME_RX_P_APPN);
    expect(failures).toEqual([expect.any(RangeError)]);
    expect(session.state).toBe('BOUND');
    expect((await session.submitSm(submit('after the failure'))).commandStatus).toBe(
      COMMAND_STATUS.ESME_ROK,
    );
  });

  it('survives hostile byte streams: each ends in a reset or is ignored, and other binds carry on', async () => {
    const good = await simulator();
    const healthy = await open(good.port);
    let seed = 7;
    const random = (): number => (seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32;
    const outcomes = { reset: 0, stillBound: 0 };
    for (let i = 0; i < 25; i++) {
      const valid = encodePdu('deliver_sm', {
        sequence_number: 5,
        source_addr: '1',
        destination_addr: '2',
        short_message: Buffer.from('x'),
      });
      const hostile =
        i % 2 === 0
          ? Buffer.from(
              Array.from({ length: 8 + Math.floor(random() * 200) }, () =>
                Math.floor(random() * 256),
              ),
            )
          : Buffer.from(
              valid.map((b, k) => (k >= 4 && random() < 0.2 ? Math.floor(random() * 256) : b)),
            );
      let probeAnswered = false;
      const port = await rawPeer((socket) => {
        // The hostile bytes, then a probe: an enquire_link a working session answers.
        socket.write(hostile);
        socket.write(encodePdu('enquire_link', { sequence_number: 99 }));
        const reader = new FrameReader();
        socket.on('data', (chunk) => {
          for (const pdu of reader.push(chunk).frames.map(decodePdu)) {
            if (pdu.command === 'enquire_link_resp' && pdu.sequence_number === 99)
              probeAnswered = true;
            if (pdu.command === 'enquire_link') socket.write(encodeResponse(pdu, 0));
          }
        });
      });
      // A stream left waiting inside a bogus frame is caught by the keepalive (no answer: reset).
      const session = await EsmeSession.open(
        sessionOptions(port, { responseTimeoutMs: 300, enquireLinkIntervalMs: 200 }),
      );
      cleanups.push(() => session.close());
      session.on('deliverSm', (_pdu, ack) => ack());
      const ended = await waitFor(
        () => (session.state === 'CLOSED' ? 'reset' : probeAnswered ? 'stillBound' : false),
        { what: 'a settled session' },
      );
      outcomes[ended]++;
    }
    expect(outcomes.reset).toBeGreaterThan(0);
    expect((await healthy.submitSm(submit('still fine'))).commandStatus).toBe(
      COMMAND_STATUS.ESME_ROK,
    );
  });

  it('binds over TLS, verifying the SMSC certificate against the CA it is given', async () => {
    const certificate = selfSignedCertificate();
    const sim = await startSmscSimulator({ credentials, tls: certificate });
    cleanups.push(() => sim.close());
    const session = await open(sim.port, { tls: { ca: certificate.cert } });
    expect((await session.submitSm(submit('over TLS'))).commandStatus).toBe(
      COMMAND_STATUS.ESME_ROK,
    );
    expect(sim.received.map((r) => r.text)).toEqual(['over TLS']);
    // An unknown certificate is refused unless verification is explicitly switched off.
    await expect(EsmeSession.open(sessionOptions(sim.port, { tls: {} }))).rejects.toThrow(/failed/);
    const unverified = await open(sim.port, { tls: { rejectUnauthorized: false } });
    expect(unverified.state).toBe('BOUND');
  });

  it('presents its client certificate to an SMSC that requires one, and is refused without it', async () => {
    const pki = createTestPki('smpp');
    const server = pki.issue('smsc');
    const client = pki.issue('esme');
    const sim = await startSmscSimulator({
      credentials,
      tls: { key: server.key, cert: server.cert, clientCa: pki.ca },
    });
    cleanups.push(() => sim.close());
    const tls = { ca: pki.ca, servername: 'localhost' };
    const session = await open(sim.port, { tls: { ...tls, cert: client.cert, key: client.key } });
    expect((await session.submitSm(submit('with a client certificate'))).commandStatus).toBe(
      COMMAND_STATUS.ESME_ROK,
    );
    await expect(EsmeSession.open(sessionOptions(sim.port, { tls }))).rejects.toThrow();
  });

  it('answers enquire_link from the SMSC and unbinds cleanly on close', async () => {
    const sim = await simulator();
    const session = await EsmeSession.open(sessionOptions(sim.port, { enquireLinkIntervalMs: 50 }));
    await waitFor(() => sim.boundSessions === 1, { what: 'bound at the SMSC' });
    await session.close();
    expect(session.state).toBe('CLOSED');
    await waitFor(() => sim.boundSessions === 0, { what: 'unbound at the SMSC' });
  });
});
