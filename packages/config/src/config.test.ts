import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { brokerListSchema, portSchema } from './env.js';
import { ConfigError, parseConfig, parseEnvConfig } from './parse-config.js';
import { parseTenants } from './tenants.js';
import { hashToken } from './tokens.js';

const schema = z.object({
  brokers: brokerListSchema,
  port: portSchema.default(50051),
  name: z.string().min(1),
});
const names = { brokers: 'SMSGW_KAFKA_BROKERS', port: 'SMSGW_PORT', name: 'SMSGW_NAME' };

describe('parseEnvConfig', () => {
  it('applies defaults, parses lists and freezes the result', () => {
    const config = parseEnvConfig(
      schema,
      names,
      { SMSGW_KAFKA_BROKERS: 'a:1, b:2', SMSGW_NAME: 'x' },
      'test',
    );
    expect(config).toEqual({ brokers: ['a:1', 'b:2'], port: 50051, name: 'x' });
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.brokers)).toBe(true);
  });

  it('names every problem by its env var, all at once', () => {
    try {
      parseEnvConfig(schema, names, { SMSGW_KAFKA_BROKERS: 'nohost', SMSGW_PORT: '70000' }, 'test');
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      const problems = (err as ConfigError).problems.join('\n');
      expect(problems).toMatch(/SMSGW_KAFKA_BROKERS\.0: each broker must be host:port/);
      expect(problems).toMatch(/SMSGW_PORT: /);
      expect(problems).toMatch(/SMSGW_NAME: /);
      expect((err as ConfigError).problems).toHaveLength(3);
    }
  });

  it('treats an empty variable as unset', () => {
    expect(
      parseEnvConfig(
        schema,
        names,
        { SMSGW_KAFKA_BROKERS: 'a:1', SMSGW_NAME: 'x', SMSGW_PORT: '' },
        't',
      ).port,
    ).toBe(50051);
  });

  it('reports the root when the input is not an object', () => {
    expect(() => parseConfig(schema, 'nope', 't')).toThrow(/\(root\)/);
  });
});

describe('tenants', () => {
  const file = (overrides: object = {}) => ({
    defaults: { contact: '+1 800 555 0100' },
    tenants: [
      {
        id: 'acme',
        name: 'Acme',
        senders: ['Acme'],
        tokens: [{ sha256: hashToken('t1'), scopes: ['messages:send'] }],
        ...overrides,
      },
    ],
  });

  it('authenticates by token hash, never storing the token', () => {
    const directory = parseTenants(file());
    const found = directory.authenticate('t1');
    expect(found.kind === 'tenant' && found.principal.tenant.id).toBe('acme');
    expect(directory.authenticate('t2')).toEqual({ kind: 'refused', why: 'invalid bearer token' });
    expect(JSON.stringify(file())).not.toContain('"t1"');
  });

  it('refuses unknown scopes, bad senders and duplicate tokens', () => {
    const bad = {
      tenants: [
        {
          id: 'acme',
          name: 'Acme',
          senders: ['not a valid sender!'],
          tokens: [{ sha256: hashToken('t'), scopes: ['everything'] }],
        },
        {
          id: 'acme',
          name: 'Dup',
          senders: ['Dup'],
          tokens: [{ sha256: hashToken('t'), scopes: ['admin'] }],
        },
      ],
    };
    try {
      parseTenants(bad);
      expect.unreachable();
    } catch (err) {
      const problems = (err as ConfigError).problems.join('\n');
      expect(problems).toMatch(/tenants\.0\.senders\.0: is not a valid sender id/);
      expect(problems).toMatch(/tenants\.0\.tokens\.0\.scopes\.0/);
      // admin is no tenant scope any more: it used to imply every scope of its tenant.
      expect(problems).toMatch(
        /tenants\.1\.tokens\.0\.scopes\.0: a tenant token holds only .*admin is an operator scope/,
      );
    }
  });

  it('refuses a tenant whose HELP reply would reach nobody', () => {
    const noContact = { tenants: file().tenants };
    expect(() => parseTenants(noContact)).toThrow(
      /tenants\.0\.policy\.contact: HELP replies need a contact/,
    );
    const vague = file({
      policy: { helpText: 'Acme: we are here to help. Reply STOP to opt out.' },
    });
    expect(() => parseTenants(vague)).toThrow(
      /tenants\.0\.policy\.helpText: helpText must carry a contact/,
    );
    expect(() => parseTenants(file({ policy: { contact: 'somewhere' } }))).toThrow(/a web address/);
  });

  it('builds the default HELP reply from the tenant contact, else the file default', () => {
    expect(parseTenants(file()).tenants()[0]?.policy.helpText).toBe(
      'Acme: for help contact +1 800 555 0100. Reply STOP to opt out.',
    );
    const own = parseTenants(file({ policy: { contact: 'help@acme.example' } }));
    expect(own.tenants()[0]?.policy.helpText).toContain('help@acme.example');
  });

  it('refuses duplicate ids and reused tokens', () => {
    const dup = { tenants: [file().tenants[0], { ...file().tenants[0], name: 'Again' }] };
    expect(() => parseTenants(dup)).toThrow(/duplicate tenant id acme[\s\S]*token used twice/);
  });
});
