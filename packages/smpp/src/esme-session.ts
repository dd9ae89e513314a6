import { EventEmitter } from 'node:events';
import { isIP, connect as netConnect } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import { createStateMachine, Fifo, GatewayError, type StateMachine } from '@smsgw/core';
import { COMMAND_STATUS } from './command-status.js';
import { pduString, type Pdu } from './pdu-codec.js';
import { SmppConnection, SmppNoResponseError } from './smpp-connection.js';

/** Bind lifecycle (ARCHITECTURE.md, Bind pool). */
export type SessionState = 'CONNECTING' | 'BINDING' | 'BOUND' | 'UNBINDING' | 'CLOSED';

const TRANSITIONS = {
  CONNECTING: ['BINDING', 'CLOSED'],
  BINDING: ['BOUND', 'CLOSED'],
  BOUND: ['UNBINDING', 'CLOSED'],
  UNBINDING: ['CLOSED'],
  CLOSED: [],
} as const satisfies Record<SessionState, readonly SessionState[]>;

/** How to reach and bind to an SMSC. */
export interface EsmeSessionOptions {
  host: string;
  port: number;
  systemId: string;
  password: string;
  systemType?: string;
  bindType: 'transceiver' | 'transmitter' | 'receiver';
  /** Most submit_sm outstanding at once. */
  windowSize: number;
  /** Wait for any response before the request is given up (and, for submit_sm, in doubt). */
  responseTimeoutMs: number;
  /** enquire_link period; 0 disables it. */
  enquireLinkIntervalMs: number;
  connectTimeoutMs?: number;
  /** deliver_sm received and not yet acknowledged, beyond which more are answered ESME_RTHROTTLED. Default 1000. */
  maxPendingDeliveries?: number;
  /** Bind over TLS (ssmpp). The SMSC's certificate is verified unless `rejectUnauthorized` is false. */
  tls?: TlsOptions;
}

/** Certificate verification for a TLS bind. */
export interface TlsOptions {
  /** PEM of the CA(s) to trust instead of the system store (a carrier's private CA). */
  ca?: string;
  /** Verify the certificate chain and host name (default true; false only for testing). */
  rejectUnauthorized?: boolean;
  /** Host name the certificate must carry, when it differs from `host`. */
  servername?: string;
  /** The ESME's client certificate and key (PEM), for an SMSC that asks for one. */
  cert?: string;
  key?: string;
}

/** A bind refused by the SMSC; `authentication` when credentials were refused (stop hammering). */
export class BindRefusedError extends GatewayError {
  constructor(readonly commandStatus: number) {
    super(
      'FAILED_PRECONDITION',
      `bind refused with command_status 0x${commandStatus.toString(16)}`,
    );
    this.name = 'BindRefusedError';
  }
  get authentication(): boolean {
    return [
      COMMAND_STATUS.ESME_RINVPASWD,
      COMMAND_STATUS.ESME_RINVSYSID,
      COMMAND_STATUS.ESME_RBINDFAIL,
    ].includes(this.commandStatus as 0x0e);
  }
}

/** Result of one submit_sm: the SMSC's status and, on success, its message id. */
export interface SubmitResponse {
  commandStatus: number;
  messageId: string;
}

/** Work done while a submit holds its window slot. */
export interface SubmitHooks {
  /** Before the PDU is written; throwing (or rejecting) sends nothing. Nothing returned: no wait. */
  beforeSend?: () => Promise<void> | void;
  /** After the response, before the slot is released. Nothing returned: no wait. */
  afterResponse?: (response: SubmitResponse) => Promise<void> | void;
}

/** Events of an {@link EsmeSession}. */
export interface EsmeSessionEvents {
  /** deliver_sm from the SMSC (DLR or MO). Call `ack` once it is safely stored. */
  deliverSm: [pdu: Pdu, ack: (status?: number) => void];
  stateChange: [state: SessionState];
  protocolError: [err: Error];
  /** A PDU answered generic_nack or ignored (unsolicited response); the bind goes on. */
  refusedPdu: [err: Error];
  /** A deliver_sm was refused with ESME_RTHROTTLED (too many unacknowledged). */
  deliveryThrottled: [];
  /** The deliverSm handler threw: the PDU was refused with ESME_RX_P_APPN. */
  deliveryFailed: [err: unknown];
  close: [];
}

/**
 * One bind to an SMSC with a window: at most `windowSize` submit_sm outstanding, each with a
 * response timeout. A submit that times out or whose connection drops rejects with
 * SmppNoResponseError (`sent: true`): the caller must treat it as in doubt, never resend blindly.
 */
export class EsmeSession extends EventEmitter<EsmeSessionEvents> {
  private readonly machine: StateMachine<SessionState>;
  private readonly waiters = new Fifo<() => void>();
  private inWindow = 0;
  /**
   * A submit_sm went unanswered past its timeout: the peer may be gone (a half-open connection)
   * or swallowing submits (a black hole). No slot is handed out until the window is empty and
   * an enquire_link has been answered, and then only one (a trial) until a submit is answered
   * again: one incident leaves at most a window in doubt, not a window per timeout.
   */
  private suspect = false;
  private trialAllowed = false;
  private probing = false;
  private keepalive: NodeJS.Timeout | undefined;
  private pendingDeliveries = 0;
  /** Why the session closed, when it was a protocol error (kept: it may happen before anyone listens). */
  closeReason: Error | undefined;

  private constructor(
    private readonly connection: SmppConnection,
    private readonly options: EsmeSessionOptions,
  ) {
    super();
    this.machine = createStateMachine<SessionState>(
      'smpp session',
      'CONNECTING',
      TRANSITIONS,
      (_from, to) => this.emit('stateChange', to),
    );
    connection.on('request', (pdu) => this.onRequest(pdu));
    connection.on('protocolError', (err) => {
      this.closeReason = err;
      this.emit('protocolError', err);
    });
    connection.on('refused', (err) => this.emit('refusedPdu', err));
    connection.on('unexpectedResponse', (pdu) =>
      this.emit('refusedPdu', new Error(`unsolicited ${pdu.command} #${pdu.sequence_number}`)),
    );
    connection.on('close', () => this.onClose());
  }

  /** Connects and binds; rejects with BindRefusedError or a connection error. */
  static async open(options: EsmeSessionOptions): Promise<EsmeSession> {
    const tls = options.tls;
    const socket = tls
      ? tlsConnect({
          host: options.host,
          port: options.port,
          ca: tls.ca,
          cert: tls.cert,
          key: tls.key,
          rejectUnauthorized: tls.rejectUnauthorized ?? true,
          servername: tls.servername ?? (isIP(options.host) ? undefined : options.host),
        })
      : netConnect({ host: options.host, port: options.port });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        socket.destroy();
        reject(
          new GatewayError('UNAVAILABLE', `connect to ${options.host}:${options.port} timed out`, {
            retryable: true,
          }),
        );
      }, options.connectTimeoutMs ?? 5000);
      // A TLS socket is usable once the handshake (and certificate check) is done.
      socket.once(tls ? 'secureConnect' : 'connect', () => {
        clearTimeout(timer);
        resolve();
      });
      socket.once('error', (err) => {
        clearTimeout(timer);
        reject(
          new GatewayError('UNAVAILABLE', `connect to ${options.host}:${options.port} failed`, {
            retryable: true,
            cause: err,
          }),
        );
      });
    });
    const session = new EsmeSession(new SmppConnection(socket), options);
    await session.bind();
    return session;
  }

  get state(): SessionState {
    return this.machine.state;
  }

  /** submit_sm currently awaiting a response. */
  get windowUsed(): number {
    return this.inWindow;
  }

  private async bind(): Promise<void> {
    this.machine.to('BINDING');
    const response = await this.connection.request(
      `bind_${this.options.bindType}`,
      {
        system_id: this.options.systemId,
        password: this.options.password,
        system_type: this.options.systemType ?? '',
        interface_version: 0x34,
      },
      this.options.responseTimeoutMs,
    );
    if (response.command_status !== COMMAND_STATUS.ESME_ROK) {
      this.connection.destroy();
      throw new BindRefusedError(response.command_status);
    }
    this.machine.to('BOUND');
    this.startKeepalive();
  }

  /**
   * Submits one message once a window slot is free. `fields` use SMPP names. `beforeSend` runs
   * after the slot is taken and before the PDU is written (the dispatcher writes its in-flight
   * marker there, so at most a window of messages is ever marked and unanswered); if it
   * throws, nothing is sent. `afterResponse` runs before the slot is given back (the dispatcher
   * records the outcome there, so marked-but-unrecorded messages never exceed the window).
   */
  submitSm(fields: Record<string, unknown>, hooks: SubmitHooks = {}): Promise<SubmitResponse> {
    // A free slot is taken at once: no extra promise and turn per submit on the hot path.
    if (this.takeFreeSlot()) return this.submitInSlot(fields, hooks);
    return this.acquireSlot().then(() => this.submitInSlot(fields, hooks));
  }

  private async submitInSlot(
    fields: Record<string, unknown>,
    hooks: SubmitHooks,
  ): Promise<SubmitResponse> {
    try {
      const before = hooks.beforeSend?.();
      if (before) await before;
      const pdu = await this.connection
        .request('submit_sm', fields, this.options.responseTimeoutMs)
        .catch((err: unknown) => {
          if (err instanceof SmppNoResponseError && err.code === 'DEADLINE_EXCEEDED')
            this.suspect = true;
          throw err;
        });
      if (this.suspect) this.trusted(); // the way is open again
      const response = {
        commandStatus: pdu.command_status,
        messageId: pduString(pdu, 'message_id'),
      };
      const after = hooks.afterResponse?.(response);
      if (after) await after;
      return response;
    } finally {
      this.releaseSlot();
    }
  }

  /** A submit was answered while suspect: every free slot is handed out again. */
  private trusted(): void {
    this.suspect = false;
    this.trialAllowed = false;
    while (this.inWindow < this.options.windowSize && this.waiters.length > 0)
      this.waiters.shift()?.();
  }

  /**
   * The window of a suspect bind is empty: ask the peer. No answer: it is gone, the connection
   * is dropped and the bind re-established. An answer: one submit may try the way.
   */
  private probe(): void {
    if (this.probing || !this.machine.is('BOUND')) return;
    this.probing = true;
    this.connection
      .request('enquire_link', {}, this.options.responseTimeoutMs)
      .then(
        () => {
          if (!this.suspect) return;
          if (this.waiters.length > 0) this.waiters.shift()?.();
          else this.trialAllowed = true;
        },
        () => this.connection.destroy(),
      )
      .finally(() => (this.probing = false));
  }

  /** Unbinds politely (waiting for outstanding responses first), then closes. */
  async close(): Promise<void> {
    if (this.machine.is('CLOSED')) return;
    if (this.machine.is('BOUND')) {
      await this.drain();
      this.machine.to('UNBINDING');
      await this.connection
        .request('unbind', {}, this.options.responseTimeoutMs)
        .catch(() => undefined);
    }
    this.connection.end();
    if (!this.machine.is('CLOSED'))
      await new Promise<void>((resolve) => this.once('close', () => resolve()));
  }

  private async drain(): Promise<void> {
    while (this.inWindow > 0 && this.connection.isOpen) {
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
  }

  /** Takes a window slot if the session is bound and one is free now (or the trial, when suspect). */
  private takeFreeSlot(): boolean {
    if (!this.machine.is('BOUND') || this.inWindow >= this.options.windowSize) return false;
    if (this.suspect) {
      if (!this.trialAllowed) return false;
      this.trialAllowed = false;
    }
    this.inWindow++;
    return true;
  }

  private acquireSlot(): Promise<void> {
    if (!this.machine.is('BOUND')) {
      return Promise.reject(
        new GatewayError('UNAVAILABLE', `bind is ${this.machine.state}`, { retryable: true }),
      );
    }
    if (this.takeFreeSlot()) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      this.waiters.push(() => {
        if (!this.machine.is('BOUND'))
          reject(new GatewayError('UNAVAILABLE', 'bind closed', { retryable: true }));
        else {
          this.inWindow++;
          resolve();
        }
      });
    });
  }

  private releaseSlot(): void {
    this.inWindow--;
    if (!this.suspect) return void this.waiters.shift()?.();
    if (this.inWindow === 0) this.probe();
  }

  private startKeepalive(): void {
    if (this.options.enquireLinkIntervalMs <= 0) return;
    this.keepalive = setInterval(() => {
      // A peer that does not answer enquire_link is dead: drop the bind so it is re-established.
      this.connection
        .request('enquire_link', {}, this.options.responseTimeoutMs)
        .catch(() => this.connection.destroy());
    }, this.options.enquireLinkIntervalMs);
    this.keepalive.unref();
  }

  private onRequest(pdu: Pdu): void {
    switch (pdu.command) {
      case 'enquire_link':
        this.connection.respond(pdu, COMMAND_STATUS.ESME_ROK);
        return;
      case 'unbind':
        this.connection.respond(pdu, COMMAND_STATUS.ESME_ROK);
        this.connection.end();
        return;
      case 'deliver_sm': {
        // A flood of deliver_sm must not pile up unbounded work: beyond the limit the SMSC is
        // told to slow down (it redelivers later), as it would tell us.
        if (this.pendingDeliveries >= (this.options.maxPendingDeliveries ?? 1000)) {
          this.connection.respond(pdu, COMMAND_STATUS.ESME_RTHROTTLED);
          this.emit('deliveryThrottled');
          return;
        }
        this.pendingDeliveries++;
        let acked = false;
        const ack = (status: number = COMMAND_STATUS.ESME_ROK): void => {
          if (acked) return;
          acked = true;
          this.pendingDeliveries--;
          this.connection.respond(pdu, status);
        };
        if (this.listenerCount('deliverSm') === 0) return ack(COMMAND_STATUS.ESME_RSYSERR);
        // The handler runs inside the socket's data callback: anything it throws would end the
        // process, and the SMSC would redeliver the same PDU to the restarted one (a crash loop).
        // It is refused for good instead, and reported.
        try {
          this.emit('deliverSm', pdu, ack);
        } catch (err) {
          ack(COMMAND_STATUS.ESME_RX_P_APPN);
          this.emit('deliveryFailed', err);
        }
        return;
      }
      default:
        this.connection.respond(pdu, COMMAND_STATUS.ESME_RINVCMDID);
    }
  }

  private onClose(): void {
    if (this.keepalive) clearInterval(this.keepalive);
    if (!this.machine.is('CLOSED')) this.machine.to('CLOSED');
    for (const wake of this.waiters.drain()) wake();
    this.emit('close');
  }
}
