import { EventEmitter } from 'node:events';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { decodeText } from '@smsgw/core';
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
  /** Raw octets of short_message or message_payload. */
  payload: Buffer;
  text: string;
  receivedAtMs: number;
}

/** How the simulated SMSC behaves (more failure modes are added as the zoo grows). */
export interface SimulatorBehaviour {
  /** Delay before each submit_sm_resp. Default 0. */
  responseDelayMs?: number;
}

/** Options for {@link startSmscSimulator}. */
export interface SmscSimulatorOptions {
  host?: string;
  /** 0 (default): any free port. */
  port?: number;
  /** Accepted credentials; any other bind is refused with ESME_RINVPASWD. */
  credentials?: { systemId: string; password: string };
  behaviour?: SimulatorBehaviour;
}

/** A running simulated SMSC. */
export interface SmscSimulator extends EventEmitter<{ submit: [ReceivedSubmit] }> {
  readonly port: number;
  readonly received: readonly ReceivedSubmit[];
  /** Number of currently bound sessions. */
  readonly boundSessions: number;
  /** Most submit_sm one session had unanswered at once (what the ESME's window allowed). */
  readonly maxUnansweredPerSession: number;
  /** Drops every connection at once (as a carrier restart would). */
  dropAllBinds(): void;
  close(): Promise<void>;
}

/** Starts an SMSC simulator on real TCP that acknowledges submit_sm with its own message ids. */
export async function startSmscSimulator(options: SmscSimulatorOptions = {}): Promise<SmscSimulator> {
  const received: ReceivedSubmit[] = [];
  const connections = new Set<SmppConnection>();
  const bound = new Map<SmppConnection, string>();
  const emitter = new EventEmitter<{ submit: [ReceivedSubmit] }>();
  let nextId = 1;
  const unanswered = new Map<SmppConnection, number>();
  let maxUnanswered = 0;

  function onSubmit(connection: SmppConnection, pdu: Pdu): void {
    const smscMessageId = (nextId++).toString(16).padStart(8, '0');
    const payload = (Buffer.isBuffer(pdu.message_payload) ? pdu.message_payload : pdu.short_message) as Buffer;
    const dataCoding = Number(pdu.data_coding ?? 0);
    const submit: ReceivedSubmit = {
      smscMessageId,
      systemId: bound.get(connection) ?? '',
      sourceAddr: pduString(pdu, 'source_addr'),
      destinationAddr: pduString(pdu, 'destination_addr'),
      dataCoding,
      esmClass: Number(pdu.esm_class ?? 0),
      priorityFlag: Number(pdu.priority_flag ?? 0),
      registeredDelivery: Number(pdu.registered_delivery ?? 0),
      payload,
      text: decodeText(payload, dataCoding),
      receivedAtMs: Date.now(),
    };
    const open = (unanswered.get(connection) ?? 0) + 1;
    unanswered.set(connection, open);
    maxUnanswered = Math.max(maxUnanswered, open);
    const respond = (): void => {
      unanswered.set(connection, (unanswered.get(connection) ?? 1) - 1);
      received.push(submit);
      emitter.emit('submit', submit);
      connection.respond(pdu, COMMAND_STATUS.ESME_ROK, { message_id: smscMessageId });
    };
    const delay = options.behaviour?.responseDelayMs ?? 0;
    if (delay > 0) setTimeout(respond, delay);
    else respond();
  }

  function onBind(connection: SmppConnection, pdu: Pdu): void {
    const creds = options.credentials;
    if (creds && (pdu.system_id !== creds.systemId || pdu.password !== creds.password)) {
      connection.respond(pdu, COMMAND_STATUS.ESME_RINVPASWD);
      return;
    }
    bound.set(connection, pduString(pdu, 'system_id'));
    connection.respond(pdu, COMMAND_STATUS.ESME_ROK, { system_id: 'smsgw-sim' });
  }

  function onRequest(connection: SmppConnection, pdu: Pdu): void {
    switch (pdu.command) {
      case 'bind_transceiver':
      case 'bind_transmitter':
      case 'bind_receiver':
        return onBind(connection, pdu);
      case 'submit_sm':
        if (!bound.has(connection)) return connection.respond(pdu, COMMAND_STATUS.ESME_RINVBNDSTS);
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

  const server: Server = createServer((socket) => {
    const connection = new SmppConnection(socket);
    connections.add(connection);
    connection.on('request', (pdu) => onRequest(connection, pdu));
    connection.on('close', () => {
      connections.delete(connection);
      bound.delete(connection);
      unanswered.delete(connection);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });

  // defineProperties, not Object.assign: assign would copy the getters' values once.
  return Object.defineProperties(emitter, {
    port: { value: (server.address() as AddressInfo).port },
    received: { value: received },
    boundSessions: { get: () => bound.size },
    maxUnansweredPerSession: { get: () => maxUnanswered },
    dropAllBinds: { value: () => {
      for (const c of connections) c.destroy();
    } },
    close: { value: () => {
      for (const c of connections) c.destroy();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    } },
  }) as SmscSimulator;
}
