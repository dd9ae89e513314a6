import type { Clock, StatusEvent } from '@smsgw/core';
import type { BatchingProducer, TopicNames } from '@smsgw/kafka';
import type { Logger } from '@smsgw/observability';
import { statusEventCodec } from '@smsgw/proto';
import type { CarrierMap, MoPartStore, PartsVerdict, StatusReader } from '@smsgw/redis';
import {
  COMMAND_STATUS,
  isDeliveryReceipt,
  parseMo,
  parseReceipt,
  receiptIdToSubmitId,
  receiptState,
  type DlrIdFormat,
  type Pdu,
} from '@smsgw/smpp';
import type { DispatcherMetrics } from './metrics.js';
import { createMoHandler } from './mo-handler.js';

/** deliver_sm_resp statuses (SMPP 3.4 §5.1.3): temporary app error makes the SMSC retry later. */
const { ESME_ROK, ESME_RX_T_APPN, ESME_RX_P_APPN } = COMMAND_STATUS;

/**
 * Deliveries of a receipt matching no message before it is acknowledged and dropped: each waits
 * the mapping lookup's 1 s, and SMSCs redeliver after seconds to minutes, so a receipt that
 * raced ahead of its submit's mapping has long matched by then.
 */
const UNMATCHED_RECEIPT_DELIVERIES = 10;

type Ack = (status?: number) => void;

/** Dependencies of {@link createDeliverHandler}. */
export interface DeliverHandlerDeps {
  connector: string;
  dlrIdFormat: DlrIdFormat;
  carriers: CarrierMap;
  /** The status projection: a receipt whose state it already holds is a carrier redelivery. */
  statuses: Pick<StatusReader, 'hasState'>;
  producer: BatchingProducer;
  topics: TopicNames;
  clock: Clock;
  metrics: DispatcherMetrics;
  logger: Logger;
  /** Multipart MO in Redis, shared by every dispatcher instance. */
  moParts: MoPartStore;
  /** Waits for a receipt that arrives before its submit's mapping is stored. Default 5 × 200 ms. */
  lookupAttempts?: number;
}

/**
 * Turns deliver_sm into Kafka events: receipts into status events (correlated through the
 * carrier id), MO into inbound messages (multipart reassembled). Each deliver_sm is
 * acknowledged only once its event is durably in Kafka; on failure it is refused with a
 * temporary error, so the SMSC delivers it again and nothing is lost.
 */
export function createDeliverHandler(deps: DeliverHandlerDeps) {
  const { connector, metrics } = deps;
  const status = statusEventCodec();
  const mo = createMoHandler(deps);
  const storing = new Map<string, Promise<number>>();

  async function lookup(carrierId: string) {
    for (let attempt = 0; attempt < (deps.lookupAttempts ?? 5); attempt++) {
      const found = await deps.carriers.lookup(connector, carrierId);
      if (found) return found;
      await new Promise((r) => setTimeout(r, 200));
    }
    return undefined;
  }

  async function onReceipt(pdu: Pdu, ack: Ack): Promise<void> {
    const receipt = parseReceipt(pdu);
    if (!receipt) {
      metrics.receipts.inc({ connector, result: 'malformed' });
      return ack(ESME_RX_P_APPN);
    }
    const state = receiptState(receipt.stat);
    if (!state) {
      metrics.receipts.inc({ connector, result: 'intermediate' });
      return ack();
    }
    const submitId = receiptIdToSubmitId(receipt.carrierId, deps.dlrIdFormat);
    const key = `${submitId}|${receipt.stat}`;
    // The same receipt again while its first copy is being stored (a redelivery after a dropped
    // bind): answer it with the first copy's outcome rather than store it twice.
    const pending = storing.get(key);
    if (pending)
      return pending.then(
        (status) => ack(status),
        () => ack(ESME_RX_T_APPN),
      );
    const work = storeReceipt(receipt, submitId, state);
    storing.set(key, work);
    try {
      ack(await work);
    } finally {
      storing.delete(key);
    }
  }

  /** Stores one receipt; resolves with the deliver_sm_resp status to answer (every copy gets the same). */
  async function storeReceipt(
    receipt: NonNullable<ReturnType<typeof parseReceipt>>,
    submitId: string,
    state: NonNullable<ReturnType<typeof receiptState>>,
  ): Promise<number> {
    // A carrier sending the same receipt twice: acknowledge, record nothing new. The marker is
    // written after the Kafka write; when a crash fell between the two (or the write landed but
    // its acknowledgement was lost), the status projection already shows the state.
    if (await deps.carriers.receiptSeen(connector, submitId, receipt.stat)) {
      metrics.receipts.inc({ connector, result: 'duplicate' });
      return ESME_ROK;
    }
    const found = await lookup(submitId);
    if (!found) {
      // Refused for now (its submit's mapping may still be on its way), but not forever: a
      // receipt that can never match would be redelivered by the SMSC without end.
      const deliveries = await deps.carriers.countUnmatched(connector, submitId, receipt.stat);
      if (deliveries >= UNMATCHED_RECEIPT_DELIVERIES) {
        metrics.receipts.inc({ connector, result: 'unmatched-dropped' });
        deps.logger.warn(
          { connector, carrierId: receipt.carrierId, deliveries },
          'receipt matches no message after repeated deliveries; acknowledged and dropped',
        );
        return ESME_ROK;
      }
      metrics.receipts.inc({ connector, result: 'unmatched' });
      return ESME_RX_T_APPN;
    }
    if (found === 'ambiguous') {
      // The carrier gave this id to two messages: the receipt could be either's, so it is
      // applied to neither (both keep their state until their validity ends) and not retried.
      metrics.receipts.inc({ connector, result: 'ambiguous' });
      return ESME_ROK;
    }
    // A long message has one state, from all its parts' receipts: this receipt may only settle
    // its part (the message waits for the others, or an earlier part's failure decided it).
    let detail = receipt.err ? `err:${receipt.err}` : '';
    if (found.part) {
      const { index, total } = found.part;
      const verdict = await deps.carriers.settlePart(found.messageId, found.part, state);
      // Only the receipt that decided the message writes its state (the others are settled).
      if (decidingPart(verdict) !== index) {
        await deps.carriers.markReceipt(connector, submitId, receipt.stat);
        metrics.receipts.inc({ connector, result: 'part' });
        return ESME_ROK;
      }
      detail =
        verdict.kind === 'delivered'
          ? `all ${total} parts delivered`
          : `part ${index} of ${total}${detail ? ` (${detail})` : ''}`;
    }
    if (await deps.statuses.hasState(found.tenantId, found.messageId, state)) {
      await deps.carriers.markReceipt(connector, submitId, receipt.stat);
      metrics.receipts.inc({ connector, result: 'duplicate' });
      return ESME_ROK;
    }
    // The event time is when the gateway learned it: receipt "done dates" have minute precision
    // and are often in the SMSC's local time, which would misorder the history.
    const event: StatusEvent = {
      messageId: found.messageId,
      tenantId: found.tenantId,
      state,
      atMs: deps.clock.nowMs(),
      stage: 'dispatcher',
      reasons: [{ code: `DLR_${receipt.stat}`, message: detail }],
      carrierMessageId: receipt.carrierId,
      connector,
    };
    await deps.producer.send([
      { topic: deps.topics.status, key: event.messageId, value: status.encode(event) },
    ]);
    await deps.carriers.markReceipt(connector, submitId, receipt.stat);
    metrics.receipts.inc({ connector, result: state.toLowerCase() });
    return ESME_ROK;
  }

  return {
    onDeliverSm: (pdu: Pdu, ack: Ack): void => {
      if (isDeliveryReceipt(pdu)) {
        onReceipt(pdu, ack).catch((err: unknown) => {
          deps.logger.warn(
            { err, connector },
            'receipt not stored; refused temporarily so the SMSC retries',
          );
          ack(ESME_RX_T_APPN);
        });
        return;
      }
      const part = parseMo(pdu);
      if (!part) {
        // Refused for good: the same bytes would be refused again at every redelivery.
        metrics.mo.inc({ connector, result: 'malformed' });
        return ack(ESME_RX_P_APPN);
      }
      mo.onMo(part, ack);
    },
    stop: (): void => {
      mo.stop();
    },
  };
}

/** The part whose receipt writes a long message's state: the failed one, or the one that completed it. */
function decidingPart(verdict: PartsVerdict): number | undefined {
  if (verdict.kind === 'failed') return verdict.part;
  return verdict.kind === 'delivered' ? verdict.by : undefined;
}
