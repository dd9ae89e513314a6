import {
  classifySender,
  deriveMessageId,
  parseE164,
  type Clock,
  type SmsMessage,
  type Tenant,
} from '@smsgw/core';
import {
  decodeEach,
  type DeadLetters,
  type OutRecord,
  type StageRecord,
  type TopicNames,
} from '@smsgw/kafka';
import {
  approvedEventCodec,
  inboundMessageCodec,
  statusEventCodec,
  type InboundMessage__Output,
} from '@smsgw/proto';
import type { ConsentEvidence, ConsentStore, Markers, RecipientRef } from '@smsgw/redis';
import type { BloomRegistry } from '../bloom-registry.js';
import type { RecipientRefs } from '../recipient-refs.js';
import { decisionStatus } from '../decide-batch.js';
import type { ComplianceAudit } from '../report/audit-port.js';
import type { ComplianceMetrics } from '../metrics.js';
import { recipientLanguage } from '../rules/opt-out-instruction.js';
import { classifyInbound, type ExtraKeywords, type InboundIntent } from './classify.js';
import { replyText, type ReplyKind } from './replies.js';

/** Dependencies of {@link createInboundHandler}. */
export interface InboundHandlerDeps {
  tenants: readonly Tenant[];
  consent: ConsentStore;
  blooms: BloomRegistry;
  markers: Markers;
  /** Opt-outs that took effect, for the compliance report. */
  audit: Pick<ComplianceAudit, 'recordOptOut'>;
  topics: TopicNames;
  clock: Clock;
  /** Keyed hashes of senders (records under a retiring key are moved first). */
  recipients: RecipientRefs;
  metrics: ComplianceMetrics;
  deadLetters: DeadLetters;
}

/** One automatic reply, as decided (and stored for replays). */
interface Reply {
  tenantId: string;
  kind: ReplyKind;
  keyword: string;
}

/** Tenants that own each inbound number (short codes and long numbers among their senders). */
function tenantsByNumber(tenants: readonly Tenant[]): Map<string, Tenant[]> {
  const map = new Map<string, Tenant[]>();
  for (const t of tenants) {
    for (const s of t.senders) {
      if (classifySender(s) === 'alphanumeric') continue;
      map.set(s, [...(map.get(s) ?? []), t]);
    }
  }
  return map;
}

/** The id of the automatic reply to an inbound message: the same on every replay. */
function replyMessageId(inbound: InboundMessage__Output, reply: Reply): string {
  return deriveMessageId(
    `${inbound.inboundId}:${reply.tenantId}:${reply.kind}`,
    Number(inbound.receivedAtMs),
  );
}

/** The owners' own opt-out and help keywords, per inbound number. */
function extraKeywordsByNumber(owners: ReadonlyMap<string, Tenant[]>): Map<string, ExtraKeywords> {
  const map = new Map<string, ExtraKeywords>();
  for (const [number, tenants] of owners)
    map.set(number, {
      optOut: tenants.flatMap((t) => t.policy.optOutKeywords),
      help: tenants.flatMap((t) => t.policy.helpKeywords),
    });
  return map;
}

/**
 * Acts on inbound messages (COMPLIANCE.md, Keywords): STOP and its synonyms and plain-language
 * opt-outs at once, STOPALL for every tenant, START/UNSTOP, HELP/INFO, JOIN <KEYWORD> with a
 * double opt-in confirmed by YES. Each state change gets exactly one confirmation, sent
 * straight to `approved` (exempt from caps and quiet hours).
 */
export function createInboundHandler(deps: InboundHandlerDeps) {
  const owners = tenantsByNumber(deps.tenants);
  const byId = new Map(deps.tenants.map((t) => [t.id, t]));
  const inboundCodec = inboundMessageCodec();
  const approved = approvedEventCodec();
  const status = statusEventCodec();
  const extras = extraKeywordsByNumber(owners);

  function targets(intent: InboundIntent, inbound: InboundMessage__Output): Tenant[] {
    const numberOwners = owners.get(inbound.to) ?? [];
    if (intent.kind === 'OPT_OUT_ALL') return numberOwners.length > 0 ? [...deps.tenants] : [];
    if (intent.kind === 'JOIN')
      return numberOwners.filter((t) =>
        t.policy.keywords.some((k) => k.keyword === intent.keyword),
      );
    return numberOwners;
  }

  async function apply(
    intent: InboundIntent,
    tenants: Tenant[],
    inbound: InboundMessage__Output,
  ): Promise<Reply[]> {
    const evidence: ConsentEvidence = {
      source: 'keyword',
      channel: 'sms',
      atMs: Number(inbound.receivedAtMs),
      proofText: inbound.body,
      moMessageId: inbound.inboundId,
    };
    // Resolved per tenant (each tenant's records move on their own); the hash is the number's.
    const [sender] = await deps.recipients.resolve(
      tenants.map((t) => ({ tenantId: t.id, e164: inbound.from })),
    );
    const ref = (t: Tenant): RecipientRef => ({ tenantId: t.id, h: sender?.h ?? '' });
    const first = tenants[0];
    if (!first) return [];
    switch (intent.kind) {
      case 'OPT_OUT': {
        const changed = await Promise.all(
          tenants.map((t) => deps.consent.setOptOut(ref(t), true, evidence)),
        );
        const replies = tenants.map((t, i): Reply | undefined =>
          changed[i] ? { tenantId: t.id, kind: 'OPT_OUT_CONFIRM', keyword: '' } : undefined,
        );
        await auditOptOuts(
          inbound,
          intent.how,
          tenants.map((t, i) => [t.id, replies[i]]),
        );
        return replies.filter((r): r is Reply => r !== undefined);
      }
      case 'OPT_OUT_ALL': {
        const changed = await Promise.all(
          tenants.map((t) => deps.consent.setOptOut(ref(t), true, evidence)),
        );
        const replier = (owners.get(inbound.to) ?? [])[0];
        if (!replier) return [];
        const reply: Reply = { tenantId: replier.id, kind: 'OPT_OUT_ALL_CONFIRM', keyword: '' };
        // Every tenant it took effect for; a repeat is recorded for the number's owner only.
        const recorded = tenants.flatMap((t, i): [string, Reply | undefined][] =>
          changed[i] ? [[t.id, reply]] : t.id === replier.id ? [[t.id, undefined]] : [],
        );
        await auditOptOuts(inbound, 'all', recorded);
        return changed.some(Boolean) ? [reply] : [];
      }
      case 'OPT_IN': {
        const changed = await Promise.all(
          tenants.map((t) => deps.consent.setOptOut(ref(t), false, evidence)),
        );
        return tenants
          .filter((_, i) => changed[i])
          .map((t) => ({ tenantId: t.id, kind: 'OPT_IN_CONFIRM', keyword: '' }));
      }
      case 'JOIN': {
        const purpose =
          first.policy.keywords.find((k) => k.keyword === intent.keyword)?.purpose ?? 'MARKETING';
        await deps.consent.setPending(ref(first), { keyword: intent.keyword, purpose, evidence });
        return [{ tenantId: first.id, kind: 'JOIN_CONFIRM_REQUEST', keyword: intent.keyword }];
      }
      case 'CONFIRM':
        return confirm(tenants, ref, evidence);
      case 'HELP':
        return [{ tenantId: first.id, kind: 'HELP', keyword: '' }];
      default:
        return [];
    }
  }

  /**
   * Records each opt-out request for the report: with the reply that confirms it when it took
   * effect, as a repeat (no reply: at most one confirmation) when the number was opted out.
   */
  async function auditOptOuts(
    inbound: InboundMessage__Output,
    how: string,
    requests: readonly (readonly [string, Reply | undefined])[],
  ): Promise<void> {
    const effectiveAtMs = deps.clock.nowMs();
    await Promise.all(
      requests.map(([tenantId, reply]) =>
        deps.audit.recordOptOut(
          tenantId,
          {
            inboundId: inbound.inboundId,
            receivedAtMs: Number(inbound.receivedAtMs),
            effectiveAtMs,
            how,
            repeat: reply === undefined,
            confirmationTenantId: reply?.tenantId ?? '',
            confirmationMessageId: reply ? replyMessageId(inbound, reply) : '',
          },
          effectiveAtMs,
        ),
      ),
    );
  }

  async function confirm(
    tenants: Tenant[],
    ref: (t: Tenant) => RecipientRef,
    evidence: ConsentEvidence,
  ): Promise<Reply[]> {
    const states = await deps.consent.getMany(tenants.map(ref));
    const replies: Reply[] = [];
    for (const [i, t] of tenants.entries()) {
      const pending = states[i]?.pending;
      if (!pending) continue;
      // Double opt-in: the evidence names both messages, the JOIN and the YES.
      const proof = {
        ...evidence,
        proofText: `JOIN ${pending.keyword} (${pending.evidence.moMessageId}) then YES`,
        source: 'double-opt-in',
      };
      await deps.consent.setConsent(ref(t), pending.purpose, true, proof);
      await deps.consent.setOptOut(ref(t), false, proof);
      await deps.consent.clearPending(ref(t));
      await deps.blooms.add(t.id, pending.purpose, [ref(t).h]);
      replies.push({ tenantId: t.id, kind: 'JOIN_CONFIRMED', keyword: pending.keyword });
    }
    if (replies.length > 0) return replies;
    // YES with nothing pending is an opt-in keyword (COMPLIANCE.md).
    const changed = await Promise.all(
      tenants.map((t) => deps.consent.setOptOut(ref(t), false, evidence)),
    );
    return tenants
      .filter((_, i) => changed[i])
      .map((t) => ({ tenantId: t.id, kind: 'OPT_IN_CONFIRM', keyword: '' }));
  }

  function replyRecords(replies: readonly Reply[], inbound: InboundMessage__Output): OutRecord[] {
    const now = deps.clock.nowMs();
    const language = recipientLanguage(parseE164(inbound.from)?.country, 'en');
    return replies.flatMap((reply) => {
      const tenant = byId.get(reply.tenantId);
      if (!tenant) return [];
      const sms: SmsMessage = {
        messageId: replyMessageId(inbound, reply),
        tenantId: tenant.id,
        to: inbound.from,
        from: inbound.to,
        body: replyText(
          reply.kind,
          tenant,
          language === 'en' ? tenant.policy.defaultLanguage : language,
          reply.keyword,
        ),
        category: 'TRANSACTIONAL',
        acceptedAtMs: now,
        idempotencyKey: '',
        emergencyReason: '',
      };
      deps.metrics.replyLatency.observe(Math.max(0, now - Number(inbound.receivedAtMs)) / 1000);
      return [
        {
          topic: deps.topics.status,
          key: sms.messageId,
          value: status.encode(
            decisionStatus(
              sms,
              'ACCEPTED',
              [
                {
                  code: `AUTO_REPLY_${reply.kind}`,
                  message: 'automatic reply to an inbound message',
                },
              ],
              now,
            ),
          ),
        },
        {
          topic: deps.topics.approved,
          key: sms.to,
          value: approved.encode({
            sms,
            approvedAtMs: now,
            advisories: [],
            priority: 1,
            autoReplyKind: reply.kind,
            triggerReceivedAtMs: Number(inbound.receivedAtMs),
          }),
        },
        {
          topic: deps.topics.status,
          key: sms.messageId,
          value: status.encode(decisionStatus(sms, 'APPROVED', [], now)),
        },
      ];
    });
  }

  return async (records: StageRecord[]): Promise<OutRecord[]> => {
    const { decoded, dead } = decodeEach(
      records,
      (r) => inboundCodec.decode(r.value),
      deps.deadLetters,
    );
    const out: OutRecord[] = dead;
    for (const { record, value: inbound } of decoded) {
      const intent = classifyInbound(inbound.body, extras.get(inbound.to));
      deps.metrics.inbound.inc({ intent: intent.kind });
      const tenants = targets(intent, inbound);
      if (tenants.length === 0 || !parseE164(inbound.from)) continue;
      const position = `${record.partition}:${record.offset}`;
      const [claim] = await deps.markers.claim('inbound', [
        { id: inbound.inboundId, position, outcome: '' },
      ]);
      if (!claim || claim.kind === 'duplicate') continue; // the carrier delivered the same MO twice
      let replies: Reply[];
      if (claim.kind === 'replay' && claim.outcome !== '')
        replies = JSON.parse(claim.outcome) as Reply[];
      else {
        replies = await apply(intent, tenants, inbound);
        await deps.markers.setOutcome(
          'inbound',
          inbound.inboundId,
          position,
          JSON.stringify(replies),
        );
      }
      out.push(...replyRecords(replies, inbound));
    }
    return out;
  };
}
