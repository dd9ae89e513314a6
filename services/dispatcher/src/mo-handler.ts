import { createHash } from 'node:crypto';
import type { Clock } from '@smsgw/core';
import type { BatchingProducer, OutRecord, TopicNames } from '@smsgw/kafka';
import type { Logger } from '@smsgw/observability';
import { inboundMessageCodec } from '@smsgw/proto';
import type { MoPartStore, PendingMo } from '@smsgw/redis';
import { COMMAND_STATUS, type MoPart } from '@smsgw/smpp';
import type { DispatcherMetrics } from './metrics.js';

const { ESME_RX_T_APPN } = COMMAND_STATUS;

type Ack = (status?: number) => void;

/** Dependencies of {@link createMoHandler}. */
export interface MoHandlerDeps {
  connector: string;
  /** Multipart MO in Redis, shared by every dispatcher instance. */
  moParts: MoPartStore;
  producer: BatchingProducer;
  topics: TopicNames;
  clock: Clock;
  metrics: DispatcherMetrics;
  logger: Logger;
}

/** A message to write to the inbound topic. */
interface InboundMo {
  source: string;
  destination: string;
  text: string;
  complete: boolean;
  /** When it reached the gateway (its first part's time for a multipart one). */
  receivedAtMs: number;
}

/**
 * MO into inbound messages. A single-part MO is acknowledged once its record is in Kafka. Each
 * part of a multipart MO is acknowledged once it is in Redis, where the parts meet whichever
 * instance's bind they came on; the instance whose part completes a message writes it, and
 * every instance looks each second for messages whose parts stopped coming (released incomplete)
 * or whose writer died (written again, with the same inbound id).
 */
export function createMoHandler(deps: MoHandlerDeps) {
  const { connector, metrics } = deps;
  const inbound = inboundMessageCodec();

  function inboundRecord(mo: InboundMo): OutRecord {
    const minute = Math.floor(mo.receivedAtMs / 60_000);
    // A carrier redelivering the same MO yields the same id; compliance absorbs it.
    const inboundId = createHash('sha256')
      .update(`${connector}|${mo.source}|${mo.destination}|${mo.text}|${minute}`)
      .digest('hex')
      .slice(0, 32);
    return {
      topic: deps.topics.inbound,
      key: mo.source,
      value: inbound.encode({
        inboundId,
        from: mo.source,
        to: mo.destination,
        body: mo.text,
        receivedAtMs: mo.receivedAtMs,
        connector,
      }),
    };
  }

  async function write(mo: InboundMo): Promise<void> {
    await deps.producer.send([inboundRecord(mo)]);
    metrics.mo.inc({ connector, result: mo.complete ? 'stored' : 'incomplete' });
  }

  /** Writes a multipart message this instance was given, then marks it stored. */
  async function writeGiven(mo: PendingMo): Promise<void> {
    await write({
      source: mo.source,
      destination: mo.destination,
      text: mo.texts.join(''),
      complete: mo.complete,
      receivedAtMs: mo.firstAtMs,
    });
    await deps.moParts.stored(connector, mo.id);
  }

  async function onPart(part: MoPart & { part: NonNullable<MoPart['part']> }): Promise<number> {
    const added = await deps.moParts.add(
      connector,
      { source: part.source, destination: part.destination, text: part.text, ...part.part },
      deps.clock.nowMs(),
    );
    if (added.kind === 'full') {
      metrics.mo.inc({ connector, result: 'refused-pending-full' });
      return ESME_RX_T_APPN;
    }
    // Once the message is complete, this part is acknowledged whether or not the write works:
    // the message is in Redis, and another sweep writes it when this instance's lease ends.
    if (added.kind === 'complete')
      await writeGiven(added.mo).catch((err: unknown) =>
        deps.logger.warn({ err, connector }, 'multipart MO not written yet; retried when due'),
      );
    return COMMAND_STATUS.ESME_ROK;
  }

  let sweeping = false;
  const sweeper = setInterval(() => {
    if (sweeping) return;
    sweeping = true;
    deps.moParts
      .due(connector, deps.clock.nowMs())
      .then((due) => Promise.all(due.map(writeGiven)))
      .catch((err: unknown) =>
        deps.logger.warn({ err, connector }, 'multipart MO sweep failed; retried in a second'),
      )
      .finally(() => (sweeping = false));
  }, 1000);
  sweeper.unref();

  return {
    onMo(part: MoPart, ack: Ack): void {
      const stored = part.part
        ? onPart({ ...part, part: part.part })
        : write({ ...part, complete: true, receivedAtMs: deps.clock.nowMs() }).then(
            () => COMMAND_STATUS.ESME_ROK,
          );
      stored.then(
        (status) => ack(status),
        (err: unknown) => {
          deps.logger.warn(
            { err, connector },
            'MO not stored; refused temporarily so the SMSC retries',
          );
          ack(ESME_RX_T_APPN);
        },
      );
    },
    stop(): void {
      clearInterval(sweeper);
    },
  };
}
