/**
 * What each service may do in Redis, as ACL rules: the keys of its own stores (read-only where
 * it only reads another's projection) and data commands, never administration. One place, so
 * the documented rules, the generated ACL file and the security test are the same rules.
 * Redis 7 checks these for commands run inside the gateway's Lua scripts too.
 */
const RULES = {
  ingress: ['~smsgw:status:*', '~smsgw:idem:*'],
  compliance: [
    '~smsgw:consent:*',
    '~smsgw:consent-log:*',
    '~smsgw:consent-index:*',
    '~smsgw:bloom:*',
    '~smsgw:freq:*',
    '~smsgw:dup:*',
    '~smsgw:emergency-rate:*',
    '~smsgw:audit:*',
    '~smsgw:marker:*',
    '~smsgw:deferred',
    '~smsgw:deferred-of:*',
    '~smsgw:forgotten:*',
    '%R~smsgw:status:*',
  ],
  dispatcher: [
    '~smsgw:dispatch:*',
    '~smsgw:carrier:*',
    '~smsgw:receipt:*',
    '~smsgw:receipt-unmatched:*',
    '~smsgw:receipt-parts:*',
    '~smsgw:mo:*',
    '%R~smsgw:status:*',
  ],
} as const;

export type GatewayService = keyof typeof RULES;

/** Data commands and scripts; no administration, no KEYS/FLUSHALL/DEBUG; INFO for the boot check. */
const COMMANDS = ['+@all', '-@admin', '-@dangerous', '+info', '+client|setname', '+client|info'];

/** The ACL rules of a service's user (without the user name and password). */
export function serviceAcl(service: GatewayService): string[] {
  return ['resetkeys', 'resetchannels', ...RULES[service], ...COMMANDS];
}

/** An aclfile line for a service's user, with its password as the sha256 hash Redis accepts. */
export function aclFileLine(user: string, service: GatewayService, passwordSha256: string): string {
  return ['user', user, 'on', `#${passwordSha256}`, ...serviceAcl(service)].join(' ');
}
