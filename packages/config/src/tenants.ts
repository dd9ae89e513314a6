import { readFileSync } from 'node:fs';
import {
  CATEGORIES,
  OPERATOR_SCOPES,
  SCOPES,
  classifySender,
  defaultHelpText,
  defaultPolicy,
  findContact,
  type Authentication,
  type OperatorScope,
  type Scope,
  type Tenant,
  type TenantPolicy,
} from '@smsgw/core';
import { z } from 'zod';
import { ConfigError, parseConfig } from './parse-config.js';
import { createTokenIndex, tokenSchema, type TokenOptions } from './tokens.js';

const tenantToken = tokenSchema(
  z.enum(SCOPES, {
    error: `a tenant token holds only ${SCOPES.join(', ')} (admin is an operator scope: operator tokens go under operators)`,
  }),
);
const operatorToken = tokenSchema(
  z.enum(OPERATOR_SCOPES, { error: `operator scopes are ${OPERATOR_SCOPES.join(', ')}` }),
);
const idSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'lowercase letters, digits and dashes');

const perCategory = <T extends z.ZodType>(value: T) =>
  z.object({ TRANSACTIONAL: value, MARKETING: value, EMERGENCY: value }).partial();
const capWindowSchema = z.object({
  windowSeconds: z
    .number()
    .int()
    .min(1)
    .max(31 * 86_400),
  max: z.number().int().min(0),
});

const HH_MM = /^(?:[01]\d|2[0-3]):[0-5]\d$/;
const KEYWORD_TEXT = /^[\p{L}\p{N}][\p{L}\p{N} ]{0,29}$/u;
const KEYWORD_HINT = 'letters, digits and spaces, at most 30';
const CONTACT_HINT = 'a phone number (7 digits or more), a web address or an e-mail address';

/** Overrides of the default policy; anything left out keeps its default (core defaultPolicy). */
const policySchema = z
  .object({
    brandName: z.string().min(1).max(40),
    defaultLanguage: z.string().regex(/^[a-z]{2}$/, 'an ISO 639-1 code such as en'),
    identification: z.enum(['require', 'prefix']),
    optOutInstruction: z.enum(['require', 'append']),
    optOutOnTransactional: z.boolean(),
    consentRequired: perCategory(z.boolean()),
    caps: perCategory(z.array(capWindowSchema).max(5)),
    quietHours: z.enum(['defer', 'reject']),
    quietHoursCategories: z.array(
      z.enum(CATEGORIES).refine((c) => c !== 'EMERGENCY', 'emergency messages are never held'),
    ),
    segmentLimit: perCategory(z.number().int().min(1).max(20)),
    maxLinks: z.number().int().min(0).max(10),
    transliterate: z.boolean(),
    blockedWords: z.array(z.string().min(2)),
    duplicateWindowSeconds: z
      .number()
      .int()
      .min(0)
      .max(7 * 86_400),
    accessibilityBlocks: z.boolean(),
    allowedWords: z.array(z.string().min(2).max(40)).max(1000),
    sendingWindows: z.record(
      z.string().regex(/^(?:[A-Z]{2}|\*)$/, 'an ISO 3166 country code or *'),
      z.object({
        start: z.string().regex(HH_MM, 'HH:MM'),
        end: z.string().regex(HH_MM, 'HH:MM'),
        days: z.array(z.number().int().min(0).max(6)).min(1).optional(),
      }),
    ),
    contact: z.string().refine((c) => findContact(c) === c.trim(), CONTACT_HINT),
    helpText: z.string().min(1).max(300),
    optOutKeywords: z.array(z.string().regex(KEYWORD_TEXT, KEYWORD_HINT)).max(50),
    helpKeywords: z.array(z.string().regex(KEYWORD_TEXT, KEYWORD_HINT)).max(50),
    keywords: z.array(
      z.object({
        keyword: z.string().regex(/^[A-Z0-9]{2,20}$/, 'upper-case letters and digits'),
        purpose: z.enum(['MARKETING', 'TRANSACTIONAL']),
      }),
    ),
    sendRatePerSecond: z.number().int().min(0).max(1_000_000),
    sendBurst: z.number().int().min(1).max(10_000_000),
    emergency: z
      .object({ honourOptOut: z.boolean(), maxPerSecond: z.number().int().min(1) })
      .partial(),
  })
  .partial();

function resolvePolicy(
  name: string,
  overrides: z.infer<typeof policySchema> = {},
  defaultContact = '',
): TenantPolicy {
  const contact = overrides.contact ?? defaultContact;
  const base = defaultPolicy(overrides.brandName ?? name, contact);
  return {
    ...base,
    ...overrides,
    contact,
    helpText: overrides.helpText ?? defaultHelpText(base.brandName, contact),
    consentRequired: { ...base.consentRequired, ...overrides.consentRequired },
    caps: { ...base.caps, ...overrides.caps },
    segmentLimit: { ...base.segmentLimit, ...overrides.segmentLimit },
    emergency: { ...base.emergency, ...overrides.emergency },
  };
}

const tenantSchema = z.object({
  id: idSchema,
  name: z.string().min(1),
  senders: z
    .array(z.string().refine((s) => classifySender(s) !== undefined, 'is not a valid sender id'))
    .min(1),
  tokens: z.array(tenantToken).min(1),
  policy: policySchema.optional(),
});

/** The gateway's operators: they see carriers and binds, and never act for a tenant. */
const operatorSchema = z.object({
  id: idSchema,
  name: z.string().min(1),
  tokens: z.array(operatorToken).min(1),
});

const tenantsFileSchema = z
  .object({
    /** Used by tenants that set no contact of their own (the gateway operator's help desk). */
    defaults: z
      .object({ contact: z.string().refine((c) => findContact(c) === c.trim(), CONTACT_HINT) })
      .partial()
      .optional(),
    tenants: z.array(tenantSchema).min(1),
    operators: z.array(operatorSchema).default([]),
  })
  .superRefine((file, ctx) => {
    const ids = new Set<string>();
    const hashes = new Set<string>();
    const tokenOnce = (path: (string | number)[], sha256: string) => {
      if (hashes.has(sha256)) ctx.addIssue({ code: 'custom', path, message: 'token used twice' });
      hashes.add(sha256);
    };
    file.operators.forEach((o, i) =>
      o.tokens.forEach((tok, j) => tokenOnce(['operators', i, 'tokens', j], tok.sha256)),
    );
    file.tenants.forEach((t, i) => {
      const help = t.policy?.helpText;
      const contact = t.policy?.contact ?? file.defaults?.contact;
      if (help === undefined ? contact === undefined : findContact(help) === undefined)
        ctx.addIssue({
          code: 'custom',
          path: ['tenants', i, 'policy', help === undefined ? 'contact' : 'helpText'],
          message:
            help === undefined
              ? 'HELP replies need a contact: set policy.contact or defaults.contact (a phone number, web address or e-mail)'
              : 'helpText must carry a contact (a phone number, web address or e-mail) so a HELP reply reaches someone',
        });
      if (ids.has(t.id))
        ctx.addIssue({
          code: 'custom',
          path: ['tenants', i, 'id'],
          message: `duplicate tenant id ${t.id}`,
        });
      ids.add(t.id);
      t.tokens.forEach((tok, j) => tokenOnce(['tenants', i, 'tokens', j], tok.sha256));
    });
  });

/** Tokens → principals, from the tenants file. */
export interface TenantDirectory {
  /** What a bearer token stands for: a tenant's caller, an operator, or refused (and why). */
  authenticate(token: string): Authentication;
  tenants(): readonly Tenant[];
  /** Development tokens in the file that this process refuses (a boot warning names them). */
  refusedDevelopmentTokens(): number;
}

/**
 * Parses a tenants document (already read) into a directory. Throws ConfigError naming every
 * problem.
 */
export function parseTenants(
  document: unknown,
  source = 'tenants file',
  options: TokenOptions = {},
): TenantDirectory {
  const file = parseConfig(tenantsFileSchema, document, source);
  const index = createTokenIndex(options);
  const tenants: Tenant[] = [];
  for (const t of file.tenants) {
    const tenant: Tenant = {
      id: t.id,
      name: t.name,
      senders: new Set(t.senders),
      policy: resolvePolicy(t.name, t.policy, file.defaults?.contact),
    };
    tenants.push(tenant);
    for (const tok of t.tokens)
      index.add(tok, { kind: 'tenant', principal: { tenant, scopes: new Set<Scope>(tok.scopes) } });
  }
  for (const o of file.operators)
    for (const tok of o.tokens)
      index.add(tok, {
        kind: 'operator',
        principal: {
          operator: { id: o.id, name: o.name },
          scopes: new Set<OperatorScope>(tok.scopes),
        },
      });
  return {
    authenticate: (token) => index.authenticate(token),
    tenants: () => tenants,
    refusedDevelopmentTokens: () => index.refusedDevelopmentTokens(),
  };
}

/** Reads and parses a tenants JSON file. */
export function loadTenantsFile(path: string, options: TokenOptions = {}): TenantDirectory {
  let document: unknown;
  try {
    document = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new ConfigError(path, [`cannot read tenants file: ${(err as Error).message}`]);
  }
  return parseTenants(document, path, options);
}
