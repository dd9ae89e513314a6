/**
 * Every Redis key of the gateway, built here only. Numbers never appear in clear: `h` is the
 * keyed hash of a recipient. Hash tags ({…}) keep the keys one operation touches in one Redis
 * Cluster slot: a recipient's consent, caps and duplicate markers share `{tenant:h}`.
 */
export const redisKeys = {
  /** Status history of a message, per tenant (a tenant cannot read another's). */
  statusHistory: (tenantId: string, messageId: string) => `smsgw:status:${tenantId}:{${messageId}}`,
  /** Consent records and opt-out of one recipient for one tenant (a hash). */
  consent: (tenantId: string, h: string) => `smsgw:consent:{${tenantId}:${h}}`,
  /** Append-only consent history of one recipient (a list). */
  consentLog: (tenantId: string, h: string) => `smsgw:consent-log:{${tenantId}:${h}}`,
  /** Every recipient hash with a consent record of a tenant (for bloom rebuilds). */
  consentIndex: (tenantId: string) => `smsgw:consent-index:{${tenantId}}`,
  /** Bloom filter bitmap of granted consents per (tenant, purpose). */
  bloom: (tenantId: string, purpose: string) => `smsgw:bloom:{${tenantId}:${purpose}}`,
  /** Sliding-window log of admitted messages (members: message ids). */
  frequency: (tenantId: string, h: string, category: string) =>
    `smsgw:freq:{${tenantId}:${h}}:${category}`,
  /** Holder of a (tenant, recipient, body) within the duplicate window. */
  duplicate: (tenantId: string, h: string, bodyHash: string) =>
    `smsgw:dup:{${tenantId}:${h}}:${bodyHash}`,
  /** Emergency messages admitted in the last second, per tenant (global rate limit). */
  emergencyRate: (tenantId: string) => `smsgw:emergency-rate:{${tenantId}}`,
  /** Audit of emergency messages, per tenant, scored by approval time. */
  emergencyAudit: (tenantId: string) => `smsgw:audit:emergency-by-time:{${tenantId}}`,
  /** Audit of opt-outs that took effect, per tenant, scored by the time the MO was received. */
  optOutAudit: (tenantId: string) => `smsgw:audit:opt-out:{${tenantId}}`,
  /** Messages refused with OPTED_OUT, per tenant, a count per UTC day (a hash). */
  optedOutRefusals: (tenantId: string) => `smsgw:audit:opted-out-refusals:{${tenantId}}`,
  /** Which Kafka record first acted on a message or inbound id (replay vs duplicate). */
  marker: (scope: string, id: string) => `smsgw:marker:${scope}:{${id}}`,
  /** The dispatcher's ledger entry for a message: in flight, or its recorded result. */
  dispatch: (messageId: string) => `smsgw:dispatch:{${messageId}}`,
  /** Final receipt states of a long message's parts, by part number (a hash). */
  receiptParts: (messageId: string) => `smsgw:receipt-parts:{${messageId}}`,
  /** The token of the instance that owns an input partition of a dispatcher group (fencing). */
  dispatchFence: (group: string, partition: number) =>
    `smsgw:dispatch:fence:{${group}:${partition}}`,
  /** The numbers of one dispatcher instance's ledger writes Redis holds (see ledger-journal.ts). */
  dispatchAcks: (instance: string) => `smsgw:dispatch:acks:{${instance}}`,
  /** Carrier message id (canonical) → message, for delivery receipts. */
  carrierMessage: (connector: string, carrierId: string) =>
    `smsgw:carrier:${connector}:{${carrierId}}`,
  /** A receipt already turned into a status event (carrier duplicates are absorbed). */
  receiptSeen: (connector: string, carrierId: string, stat: string) =>
    `smsgw:receipt:${connector}:{${carrierId}}:${stat}`,
  /** Deliveries of a receipt whose carrier id matched no message (bounded before it is let go). */
  receiptUnmatched: (connector: string, carrierId: string, stat: string) =>
    `smsgw:receipt-unmatched:${connector}:{${carrierId}}:${stat}`,
  /** A client idempotency key of a tenant (the key itself is hashed). */
  idempotency: (tenantId: string, keyHash: string) => `smsgw:idem:{${tenantId}:${keyHash}}`,
  /** When a recipient was erased (ForgetRecipient): messages accepted before are refused. */
  forgotten: (tenantId: string, h: string) => `smsgw:forgotten:{${tenantId}:${h}}`,
  /** Deferred messages, scored by release time. */
  deferred: () => 'smsgw:deferred',
  /** The deferred members held for one recipient of a tenant (erasure finds them here). */
  deferredOf: (tenantId: string, h: string) => `smsgw:deferred-of:{${tenantId}:${h}}`,
};
