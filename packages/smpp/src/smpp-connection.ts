import { EventEmitter } from 'node:events';
import type { Socket } from 'node:net';
import { GatewayError } from '@smsgw/core';
import { FrameReader } from './frame-reader.js';
import { encodeSubmitSmResp } from './submit-codec.js';
import { COMMAND_STATUS } from './command-status.js';
import {
  decodePdu,
  encodePdu,
  encodeResponse,
  isKnownRequestId,
  isResponse,
  type Pdu,
} from './pdu-codec.js';

/** Why a request has no response: none in time, the connection closed, or the peer answered with another command. */
export type NoResponseReason = 'timeout' | 'closed' | 'mismatched';

const NO_RESPONSE = {
  timeout: { code: 'DEADLINE_EXCEEDED', text: 'response timeout' },
  closed: { code: 'UNAVAILABLE', text: 'connection closed' },
  mismatched: { code: 'PROTOCOL_ERROR', text: 'the peer answered with another command' },
} as const;

/** A request that got no response: after a timeout, because the connection closed, or a mismatched answer. */
export class SmppNoResponseError extends GatewayError {
  /** True once the PDU was written: the peer may have acted on it (the message is in doubt). */
  readonly sent: boolean;
  constructor(reason: NoResponseReason, command: string, sent: boolean) {
    // Sending again is safe only when the peer never saw the PDU: a written submit_sm may
    // have reached the carrier, and sending it again is how a message goes out twice.
    super(NO_RESPONSE[reason].code, `no ${command}_resp: ${NO_RESPONSE[reason].text}`, {
      retryable: !sent,
    });
    this.name = 'SmppNoResponseError';
    this.sent = sent;
  }
}

interface PendingRequest {
  command: string;
  resolve(pdu: Pdu): void;
  reject(err: Error): void;
  deadlineMs: number;
}

/** How often pending requests are checked against their deadlines (the timeout's resolution). */
const SWEEP_INTERVAL_MS = 50;

/** Events of an {@link SmppConnection}. */
export interface SmppConnectionEvents {
  /** A request from the peer (not a response); answer it with `respond`. */
  request: [pdu: Pdu];
  /** Something the peer sent that breaks the protocol; the connection is being reset. */
  protocolError: [err: Error];
  /** A request refused with generic_nack (unknown command, or a body that does not decode). */
  refused: [err: Error];
  /** A response for a sequence number we are not waiting for (late or bogus). */
  unexpectedResponse: [pdu: Pdu];
  close: [];
}

/**
 * One SMPP connection, either side: framing, sequence numbers, request/response matching with a
 * timeout, and failing every pending request when the socket closes (the node smpp package never
 * fails them). Used by the ESME session and by the SMSC simulator.
 */
export class SmppConnection extends EventEmitter<SmppConnectionEvents> {
  private readonly reader = new FrameReader();
  private readonly pending = new Map<number, PendingRequest>();
  private sequence = 0;
  private closed = false;
  private corked = false;
  // One sweep timer per connection instead of a timer per request: arming and clearing a timer
  // for every submit_sm showed up in profiles at tens of thousands of submits a second.
  private sweeper: NodeJS.Timeout | undefined;

  constructor(readonly socket: Socket) {
    super();
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('error', () => undefined); // 'close' follows and does the clean-up
    socket.on('close', () => this.onClose());
  }

  /** Number of requests awaiting a response. */
  get outstanding(): number {
    return this.pending.size;
  }

  get isOpen(): boolean {
    return !this.closed;
  }

  /** Sends a request and resolves with its response PDU (whatever its command_status). */
  request(command: string, fields: Record<string, unknown>, timeoutMs: number): Promise<Pdu> {
    if (this.closed) return Promise.reject(new SmppNoResponseError('closed', command, false));
    const sequence = this.nextSequence();
    const frame = encodePdu(command, fields);
    // Every PDU's sequence_number is at octet 12 of its header: set it there rather than copy
    // the fields (a submit_sm has about twenty) for every request.
    frame.writeUInt32BE(sequence, 12);
    return new Promise<Pdu>((resolve, reject) => {
      this.pending.set(sequence, { command, resolve, reject, deadlineMs: Date.now() + timeoutMs });
      this.sweeper ??= setInterval(
        () => this.sweep(),
        Math.min(SWEEP_INTERVAL_MS, timeoutMs),
      ).unref();
      this.write(frame);
    });
  }

  /** Fails the requests whose deadline passed; stops sweeping while nothing is pending. */
  private sweep(): void {
    const now = Date.now();
    for (const [sequence, waiting] of this.pending) {
      if (waiting.deadlineMs > now) continue;
      this.pending.delete(sequence);
      waiting.reject(new SmppNoResponseError('timeout', waiting.command, true));
    }
    if (this.pending.size === 0) this.stopSweeping();
  }

  private stopSweeping(): void {
    if (this.sweeper) clearInterval(this.sweeper);
    this.sweeper = undefined;
  }

  /** Answers a request from the peer. */
  respond(request: Pdu, status: number, fields: Record<string, unknown> = {}): void {
    if (!this.closed) this.write(encodeResponse(request, status, fields));
  }

  /** Answers a submit_sm (an SMSC's hot path: no fields object to copy and check). */
  respondSubmitSm(request: Pdu, status: number, messageId: string): void {
    if (this.closed) return;
    this.write(
      encodeSubmitSmResp(request.sequence_number, status, messageId) ??
        encodeResponse(request, status, { message_id: messageId }),
    );
  }

  /** Closes the socket after pending writes; pending requests fail as closed. */
  end(): void {
    this.socket.end();
  }

  /** Drops the connection at once. */
  destroy(): void {
    this.socket.destroy();
  }

  // PDUs written in one tick (a window's worth of submits, or of responses) leave in one
  // syscall and as few TCP segments as possible, instead of one each.
  private write(frame: Buffer): void {
    if (!this.corked) {
      this.corked = true;
      this.socket.cork();
      process.nextTick(() => {
        this.corked = false;
        this.socket.uncork();
      });
    }
    this.socket.write(frame);
  }

  private nextSequence(): number {
    // SMPP 3.4 §5.1.4: sequence numbers run 0x00000001..0x7FFFFFFF.
    this.sequence = this.sequence >= 0x7fffffff ? 1 : this.sequence + 1;
    return this.sequence;
  }

  private onData(chunk: Buffer): void {
    const { frames, error } = this.reader.push(chunk);
    for (const frame of frames) {
      let pdu: Pdu;
      try {
        pdu = decodePdu(frame);
      } catch (err) {
        if (this.refuseMalformed(frame, err as Error)) continue;
        this.fail(err as Error);
        return;
      }
      this.dispatch(pdu);
    }
    if (error) this.fail(error);
  }

  /**
   * A request whose frame is intact but whose command is unknown or whose body does not decode
   * is answered generic_nack (SMPP 3.4 §4.3: ESME_RINVCMDID, else ESME_RINVMSGLEN) and reported,
   * and the session goes on: the next frame starts where the header said, so nothing is out of
   * step. A malformed response is not refused this way (the request it answers would be left
   * in doubt on a bind that is out of step): false, and the bind is reset.
   */
  private refuseMalformed(frame: Buffer, err: Error): boolean {
    if (frame.length < 16 || frame.readUInt32BE(0) !== frame.length) return false;
    const commandId = frame.readUInt32BE(4);
    if ((commandId & 0x80000000) !== 0) return false;
    const known = isKnownRequestId(commandId);
    this.write(
      encodePdu('generic_nack', {
        sequence_number: frame.readUInt32BE(12),
        command_status: known ? COMMAND_STATUS.ESME_RINVMSGLEN : COMMAND_STATUS.ESME_RINVCMDID,
      }),
    );
    this.emit('refused', err);
    return true;
  }

  private dispatch(pdu: Pdu): void {
    if (!isResponse(pdu)) {
      this.emit('request', pdu);
      return;
    }
    const waiting = this.pending.get(pdu.sequence_number);
    if (!waiting) {
      this.emit('unexpectedResponse', pdu);
      return;
    }
    this.pending.delete(pdu.sequence_number);
    // SMPP 3.4 §2.3: a response carries the request's command_id with bit 31 set, or is a
    // generic_nack. Anything else under this sequence number (an enquire_link_resp for a
    // submit_sm) is a broken peer: the request was written and its fate is unknown, and the
    // bind is reset rather than trusted further.
    if (pdu.command !== `${waiting.command}_resp` && pdu.command !== 'generic_nack') {
      waiting.reject(new SmppNoResponseError('mismatched', waiting.command, true));
      this.fail(new Error(`${pdu.command} answered ${waiting.command} #${pdu.sequence_number}`));
      return;
    }
    waiting.resolve(pdu);
  }

  private fail(err: Error): void {
    this.emit('protocolError', err);
    this.socket.destroy();
  }

  private onClose(): void {
    if (this.closed) return;
    this.closed = true;
    this.stopSweeping();
    for (const [sequence, waiting] of this.pending) {
      waiting.reject(new SmppNoResponseError('closed', waiting.command, true));
      this.pending.delete(sequence);
    }
    this.emit('close');
  }
}
