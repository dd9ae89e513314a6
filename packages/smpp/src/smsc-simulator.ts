import { randomInt } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { createServer as createTlsServer } from 'node:tls';
import { decodeText, encodeText, isGsm7 } from '@smsgw/core';
import { COMMAND_STATUS } from './command-status.js';
import { pduString, type Pdu } from './pdu-codec.js';
import { SmppConnection } from './smpp-connection.js';

/** A submit_sm as the simulated SMSC received it, decoded with its data_coding. */
export interface ReceivedSubmit {
  smscMessageId: string;
  systemId: string;
  sourceAddr: string;
  destinationAddr: string;
  dataCoding: number;
  esmClass: number;
  priorityFlag: number;
  registeredDelivery: number;
  /** Raw octets of short_message or message_payload (a concatenation UDH included). */
  payload: Buffer;
  /** The text of this submit_sm (without its UDH). */
  text: string;
  /** Part of a concatenated message: from the UDH (8- or 16-bit reference) or the SAR TLVs. */
  concat?: { method: 'udh8' | 'udh16' | 'sar'; reference: number; total: number; seq: number };
  /** Until when the ESME asked the SMSC to keep trying (validity_period), when it did. */
  validUntil?: Date;
  receivedAtMs: number;
}

/**
 * How the simulated SMSC behaves: a zoo of carrier failures, each named after what it does.
 * Several may be combined; `setBehaviour` changes them while sessions are open.
 */
export interface SimulatorBehaviour {
  /** slow: delay before each submit_sm_resp. Default 0. */
  responseDelayMs?: number;
  /** black hole: takes every submit_sm (it counts as received) and never answers. */
  blackHole?: boolean;
  /** error on submit: every n-th submit_sm is answered with `status` (and not taken). */
  submitError?: { every: number; status: number };
  /** throttling: beyond `maxPerSecond` submits in a second, answers ESME_RTHROTTLED. */
  throttle?: { maxPerSecond: number };
  /** disconnect mid-window: after every n-th submit_sm (taken, unanswered), drops that connection. */
  disconnectEvery?: number;
  /** bind refused: every bind is answered with this status (e.g. ESME_RBINDFAIL, ESME_RINVPASWD). */
  refuseBinds?: number;
  /** reused ids: every submit_sm gets this message id (a carrier whose id counter wrapped). */
  fixedMessageId?: string;
  /**
   * Send a delivery receipt for submits that ask for one. A receipt the ESME does not
   * acknowledge with ESME_ROK (refused, or its session dropped) is kept and offered again on any
   * bound session every `retryMs` (default 500), up to `maxAttempts` (default 20), as an SMSC's
   * store-and-forward does.
   */
  dlr?: {
    delayMs: number;
    idFormat: 'hex' | 'decimal';
    stat?: string;
    retryMs?: number;
    maxAttempts?: number;
  };
}

/** An MO to inject, as a recipient would send it. */
export interface MoOptions {
  from: string;
  to: string;
  text: string;
  /** Split into this many parts (default 1). */
  parts?: number;
  /** Concatenation: GSM 03.40 UDH with an 8-bit reference, or SAR TLVs. */
  method?: 'udh' | 'sar';
  /** Send the parts in reverse order. */
  reverse?: boolean;
  /**
   * Deal the parts out over every receiving bind in turn, as an SMSC balancing over an ESME's
   * binds does (with several gateway instances, parts of one message reach different ones).
   */
  spread?: boolean;
}

/** A system_id and password the simulator accepts. */
export interface SimulatorCredentials {
  systemId: string;
  password: string;
}

/** Options for {@link startSmscSimulator}. */
export interface SmscSimulatorOptions {
  host?: string;
  /** 0 (default): any free port. */
  port?: number;
  /**
   * Accepted credentials (one pair, or several: one per ESME, so each one's submits can be told
   * apart by `systemId`); any other bind is refused with ESME_RINVPASWD.
   */
  credentials?: SimulatorCredentials | readonly SimulatorCredentials[];
  behaviour?: SimulatorBehaviour;
  /** Listen with TLS (ssmpp) using this PEM key and certificate; `clientCa` requires ESME certificates it signed. */
  tls?: { key: string; cert: string; clientCa?: string };
  /**
   * Keep every submit in `received` (default true). Benchmarks turn it off: they count and
   * listen to 'submit', and keeping 100,000 submits cost the simulator about a third of its CPU.
   */
  retainSubmits?: boolean;
}

/** A running simulated SMSC. */
export interface SmscSimulator extends EventEmitter<{ submit: [ReceivedSubmit] }> {
  readonly port: number;
  /** Every submit taken, in order (empty with `retainSubmits: false`). */
  readonly received: readonly ReceivedSubmit[];
  /** How many submits were taken (counted also with `retainSubmits: false`). */
  readonly receivedCount: number;
  /** Number of currently bound sessions. */
  readonly boundSessions: number;
  /** Most submit_sm one session had unanswered at once (what the ESME's window allowed). */
  readonly maxUnansweredPerSession: number;
  /** Drops every connection at once (as a carrier restart would). */
  dropAllBinds(): void;
  /** Changes the behaviour from now on (open sessions included). */
  setBehaviour(behaviour: SimulatorBehaviour): void;
  /** Bind requests received (accepted or refused). */
  readonly bindAttempts: number;
  /** Sends an MO to the first bound session; resolves with the deliver_sm_resp statuses. */
  sendMo(options: MoOptions): Promise<number[]>;
  /** Sends one deliver_sm with exactly these fields (hostile-peer tests); resolves with the deliver_sm_resp status. */
  sendDeliverSm(fields: Record<string, unknown>): Promise<number>;
  /** deliver_sm_resp statuses received for delivery receipts, in order. */
  readonly receiptAcks: readonly number[];
  /** The answers to each attempt at the receipt of one submit (-1: none; 'gave up' when retries ran out). */
  receiptHistory(smscMessageId: string): readonly (number | string)[];
  close(): Promise<void>;
}

/** Reads a concatenation UDH (esm_class UDHI) or SAR TLVs off a submit_sm. */
function concatenation(
  pdu: Pdu,
  payload: Buffer,
): { concat?: ReceivedSubmit['concat']; content: Buffer } {
  if (typeof pdu.sar_msg_ref_num === 'number') {
    return {
      concat: {
        method: 'sar',
        reference: pdu.sar_msg_ref_num,
        total: Number(pdu.sar_total_segments),
        seq: Number(pdu.sar_segment_seqnum),
      },
      content: payload,
    };
  }
  if ((Number(pdu.esm_class ?? 0) & 0x40) === 0 || payload.length < 1) return { content: payload };
  const udhLength = payload[0] as number;
  const udh = payload.subarray(1, 1 + udhLength);
  const content = payload.subarray(1 + udhLength);
  if (udh[0] === 0x00 && udh[1] === 3)
    return {
      concat: {
        method: 'udh8',
        reference: udh[2] as number,
        total: udh[3] as number,
        seq: udh[4] as number,
      },
      content,
    };
  if (udh[0] === 0x08 && udh[1] === 4)
    return {
      concat: {
        method: 'udh16',
        reference: udh.readUInt16BE(2),
        total: udh[4] as number,
        seq: udh[5] as number,
      },
      content,
    };
  return { content };
}

/**
 * Whole messages from what the SMSC received: concatenated parts joined in order (by
 * originator, destination and reference), single submits as they are.
 */
export function assembleReceived(
  received: readonly ReceivedSubmit[],
): { text: string; parts: ReceivedSubmit[] }[] {
  const groups = new Map<string, ReceivedSubmit[]>();
  const order: string[] = [];
  received.forEach((r, i) => {
    const key = r.concat
      ? `${r.sourceAddr}|${r.destinationAddr}|${r.concat.method}|${r.concat.reference}`
      : `single|${i}`;
    if (!groups.has(key)) order.push(key);
    groups.set(key, [...(groups.get(key) ?? []), r]);
  });
  return order.map((key) => {
    const parts = (groups.get(key) ?? [])
      .slice()
      .sort((a, b) => (a.concat?.seq ?? 0) - (b.concat?.seq ?? 0));
    return { text: parts.map((p) => p.text).join(''), parts };
  });
}

/** Starts an SMSC simulator on real TCP that acknowledges submit_sm with its own message ids. */
export async function startSmscSimulator(
  options: SmscSimulatorOptions = {},
): Promise<SmscSimulator> {
  const received: ReceivedSubmit[] = [];
  let receivedCount = 0;
  const accepted = options.credentials && [options.credentials].flat();
  const retain = options.retainSubmits ?? true;
  /** A submit the SMSC has taken: counted, kept (unless told not to), announced. */
  const take = (submit: ReceivedSubmit): void => {
    receivedCount++;
    if (retain) received.push(submit);
    emitter.emit('submit', submit);
  };
  const connections = new Set<SmppConnection>();
  // Bound sessions: their system_id and the bind command they used.
  const bound = new Map<SmppConnection, { systemId: string; bindCommand: string }>();
  // Receiver and transceiver binds may be sent deliver_sm; transmitters may not.
  const canReceive = (c: SmppConnection): boolean =>
    (bound.get(c)?.bindCommand ?? 'bind_transmitter') !== 'bind_transmitter';
  const firstReceiver = (): SmppConnection | undefined => [...bound.keys()].find(canReceive);
  const emitter = new EventEmitter<{ submit: [ReceivedSubmit] }>();
  // Ids start at a random point, as a real SMSC's do not restart at 1: two simulators (or one
  // restarted) must not hand out ids that receipts of the other could be mistaken for.
  let nextId = randomInt(1, 2 ** 40);
  const unanswered = new Map<SmppConnection, number>();
  let maxUnanswered = 0;
  let closed = false;

  let behaviour: SimulatorBehaviour = { ...options.behaviour };
  let submitCount = 0;
  let throttleSecond = 0;
  let throttleCount = 0;

  /** A status the zoo answers instead of taking the message, or undefined to take it. */
  function refusal(): number | undefined {
    const error = behaviour.submitError;
    if (error && submitCount % error.every === 0) return error.status;
    const limit = behaviour.throttle;
    if (limit) {
      const second = Math.floor(Date.now() / 1000);
      if (second !== throttleSecond) [throttleSecond, throttleCount] = [second, 0];
      if (++throttleCount > limit.maxPerSecond) return COMMAND_STATUS.ESME_RTHROTTLED;
    }
    return undefined;
  }

  function onSubmit(connection: SmppConnection, pdu: Pdu): void {
    submitCount++;
    const refused = refusal();
    if (refused !== undefined) return connection.respond(pdu, refused);
    const smscMessageId = behaviour.fixedMessageId ?? (nextId++).toString(16).padStart(8, '0');
    const payload = (
      Buffer.isBuffer(pdu.message_payload) ? pdu.message_payload : pdu.short_message
    ) as Buffer;
    const dataCoding = Number(pdu.data_coding ?? 0);
    const { concat, content } = concatenation(pdu, payload);
    const submit: ReceivedSubmit = {
      smscMessageId,
      systemId: bound.get(connection)?.systemId ?? '',
      sourceAddr: pduString(pdu, 'source_addr'),
      destinationAddr: pduString(pdu, 'destination_addr'),
      dataCoding,
      esmClass: Number(pdu.esm_class ?? 0),
      priorityFlag: Number(pdu.priority_flag ?? 0),
      registeredDelivery: Number(pdu.registered_delivery ?? 0),
      payload,
      text: decodeText(content, dataCoding),
      receivedAtMs: Date.now(),
    };
    if (concat) submit.concat = concat;
    if (pdu.validity_period instanceof Date) submit.validUntil = pdu.validity_period;
    const open = (unanswered.get(connection) ?? 0) + 1;
    unanswered.set(connection, open);
    maxUnanswered = Math.max(maxUnanswered, open);
    if (behaviour.blackHole) {
      take(submit);
      return;
    }
    if (behaviour.disconnectEvery && submitCount % behaviour.disconnectEvery === 0) {
      take(submit); // taken, and the answer is lost with the connection
      connection.destroy();
      return;
    }
    const delay = behaviour.responseDelayMs ?? 0;
    if (delay > 0) setTimeout(answerSubmit, delay, connection, pdu, submit);
    else answerSubmit(connection, pdu, submit);
  }

  // Declared once, not a closure per submit: the simulator shares the machine with what it measures.
  function answerSubmit(connection: SmppConnection, pdu: Pdu, submit: ReceivedSubmit): void {
    unanswered.set(connection, (unanswered.get(connection) ?? 1) - 1);
    take(submit);
    connection.respondSubmitSm(pdu, COMMAND_STATUS.ESME_ROK, submit.smscMessageId);
    const dlr = behaviour.dlr;
    if (dlr && (submit.registeredDelivery & 0x03) !== 0)
      setTimeout(() => sendReceipt(connection, submit, dlr, 1), dlr.delayMs);
  }

  const receiptAcks: number[] = [];
  const receiptHistories = new Map<string, (number | string)[]>();

  function sendReceipt(
    preferred: SmppConnection,
    submit: ReceivedSubmit,
    dlr: NonNullable<SimulatorBehaviour['dlr']>,
    attempt: number,
  ): void {
    const connection = canReceive(preferred) ? preferred : firstReceiver();
    const history = receiptHistories.get(submit.smscMessageId) ?? [];
    receiptHistories.set(submit.smscMessageId, history);
    const retry = (): void => {
      if (closed) return;
      if (attempt >= (dlr.maxAttempts ?? 20)) {
        history.push('gave up');
        return;
      }
      setTimeout(
        () => sendReceipt(preferred, submit, dlr, attempt + 1),
        dlr.retryMs ?? 500,
      ).unref();
    };
    if (!connection) return retry();
    const id =
      dlr.idFormat === 'decimal'
        ? BigInt(`0x${submit.smscMessageId}`).toString(10)
        : submit.smscMessageId;
    const stat = dlr.stat ?? 'DELIVRD';
    const date = new Date().toISOString().replace(/\D/g, '').slice(2, 12);
    const text = `id:${id} sub:001 dlvrd:${stat === 'DELIVRD' ? '001' : '000'} submit date:${date} done date:${date} stat:${stat} err:000 text:${submit.text.slice(0, 20)}`;
    connection
      .request(
        'deliver_sm',
        {
          source_addr: submit.destinationAddr,
          source_addr_ton: 1,
          source_addr_npi: 1,
          destination_addr: submit.sourceAddr,
          esm_class: 0x04,
          data_coding: 0,
          short_message: Buffer.from(text, 'latin1'),
          receipted_message_id: id,
          message_state:
            (
              {
                DELIVRD: 2,
                EXPIRED: 3,
                DELETED: 4,
                UNDELIV: 5,
                ACCEPTD: 6,
                UNKNOWN: 7,
                REJECTD: 8,
              } as Record<string, number>
            )[stat] ?? 7,
        },
        10_000,
      )
      .then(
        (resp) => {
          receiptAcks.push(resp.command_status);
          history.push(resp.command_status);
          if (resp.command_status !== COMMAND_STATUS.ESME_ROK) retry();
        },
        () => {
          receiptAcks.push(-1);
          history.push(-1);
          retry();
        },
      );
  }

  let moReference = 0;
  let bindAttempts = 0;
  async function sendMo(mo: MoOptions): Promise<number[]> {
    const connection = firstReceiver();
    if (!connection) throw new Error('no bound session to deliver the MO to');
    const ucs2 = !isGsm7(mo.text);
    const total = mo.parts ?? 1;
    const size = Math.ceil(mo.text.length / total);
    const reference = ++moReference % 256;
    const chunks = Array.from({ length: total }, (_, i) => mo.text.slice(i * size, (i + 1) * size));
    const pdus = chunks.map((chunk, i) => {
      const content = encodeText(chunk, ucs2 ? 'UCS2' : 'GSM7');
      const common = {
        source_addr: mo.from.replace(/^\+/, ''),
        source_addr_ton: 1,
        source_addr_npi: 1,
        destination_addr: mo.to,
        data_coding: ucs2 ? 8 : 0,
      };
      if (total === 1) return { ...common, short_message: content };
      if (mo.method === 'sar')
        return {
          ...common,
          short_message: content,
          sar_msg_ref_num: reference,
          sar_total_segments: total,
          sar_segment_seqnum: i + 1,
        };
      return {
        ...common,
        esm_class: 0x40,
        short_message: Buffer.concat([Buffer.from([5, 0x00, 3, reference, total, i + 1]), content]),
      };
    });
    if (mo.reverse) pdus.reverse();
    const receivers = mo.spread ? [...bound.keys()].filter(canReceive) : [connection];
    const responses = await Promise.all(
      pdus.map((fields, i) =>
        (receivers[i % receivers.length] as SmppConnection).request('deliver_sm', fields, 30_000),
      ),
    );
    return responses.map((r) => r.command_status);
  }

  async function sendDeliverSm(fields: Record<string, unknown>): Promise<number> {
    const connection = firstReceiver();
    if (!connection) throw new Error('no bound session to deliver to');
    return (await connection.request('deliver_sm', fields, 30_000)).command_status;
  }

  function onBind(connection: SmppConnection, pdu: Pdu): void {
    bindAttempts++;
    if (behaviour.refuseBinds !== undefined) return connection.respond(pdu, behaviour.refuseBinds);
    if (
      accepted &&
      !accepted.some((c) => pdu.system_id === c.systemId && pdu.password === c.password)
    ) {
      connection.respond(pdu, COMMAND_STATUS.ESME_RINVPASWD);
      return;
    }
    bound.set(connection, { systemId: pduString(pdu, 'system_id'), bindCommand: pdu.command });
    connection.respond(pdu, COMMAND_STATUS.ESME_ROK, { system_id: 'smsgw-sim' });
  }

  function onRequest(connection: SmppConnection, pdu: Pdu): void {
    switch (pdu.command) {
      case 'bind_transceiver':
      case 'bind_transmitter':
      case 'bind_receiver':
        return onBind(connection, pdu);
      case 'submit_sm':
        // Neither an unbound session nor a receiver bind may submit (SMPP 3.4 §4.1): wrong bind state.
        if ((bound.get(connection)?.bindCommand ?? 'bind_receiver') === 'bind_receiver')
          return connection.respond(pdu, COMMAND_STATUS.ESME_RINVBNDSTS);
        return onSubmit(connection, pdu);
      case 'enquire_link':
        return connection.respond(pdu, COMMAND_STATUS.ESME_ROK);
      case 'unbind':
        bound.delete(connection);
        connection.respond(pdu, COMMAND_STATUS.ESME_ROK);
        return connection.end();
      default:
        return connection.respond(pdu, COMMAND_STATUS.ESME_RINVCMDID);
    }
  }

  const onSocket = (socket: Socket): void => {
    const connection = new SmppConnection(socket);
    connections.add(connection);
    connection.on('request', (pdu) => onRequest(connection, pdu));
    connection.on('close', () => {
      connections.delete(connection);
      bound.delete(connection);
      unanswered.delete(connection);
    });
  };
  const server: Server = options.tls
    ? createTlsServer(
        {
          key: options.tls.key,
          cert: options.tls.cert,
          ...(options.tls.clientCa
            ? { ca: options.tls.clientCa, requestCert: true, rejectUnauthorized: true }
            : {}),
        },
        onSocket,
      )
    : createServer(onSocket);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });

  // defineProperties, not Object.assign: assign would copy the getters' values once.
  return Object.defineProperties(emitter, {
    port: { value: (server.address() as AddressInfo).port },
    received: { value: received },
    receivedCount: { get: () => receivedCount },
    boundSessions: { get: () => bound.size },
    maxUnansweredPerSession: { get: () => maxUnanswered },
    receiptAcks: { value: receiptAcks },
    receiptHistory: { value: (id: string) => receiptHistories.get(id) ?? [] },
    sendMo: { value: sendMo },
    sendDeliverSm: { value: sendDeliverSm },
    setBehaviour: {
      value: (next: SimulatorBehaviour) => {
        behaviour = { ...next };
      },
    },
    bindAttempts: { get: () => bindAttempts },
    dropAllBinds: {
      value: () => {
        for (const c of connections) c.destroy();
      },
    },
    close: {
      value: () => {
        closed = true;
        for (const c of connections) c.destroy();
        return new Promise<void>((resolve) => server.close(() => resolve()));
      },
    },
  }) as SmscSimulator;
}
