/**
 * Every Redis key of the gateway, built here only. Hash tags ({…}) keep the keys of one
 * message in one Redis Cluster slot.
 */
export const redisKeys = {
  /** Status history of a message, per tenant (a tenant cannot read another's). */
  statusHistory: (tenantId: string, messageId: string) => `smsgw:status:${tenantId}:{${messageId}}`,
};
