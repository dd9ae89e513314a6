import { randomBytes } from 'node:crypto';
import { hashToken } from '@smsgw/config';
import { OPERATOR_SCOPES, SCOPES } from '@smsgw/core';
import { createAdminClient } from '@smsgw/grpc';
import type { Command } from 'commander';
import {
  act,
  EXIT,
  reportFailure,
  tokenOf,
  withConnection,
  type Connection,
  type Context,
} from '../context.js';
import { UsageError } from '../csv.js';

export function registerOperatorCommands(program: Command, ctx: Context): void {
  withConnection(
    program
      .command('binds')
      .description(
        "the dispatcher's connectors, binds, windows, breakers and rates (operator token)",
      ),
    ctx,
    'admin',
    'SMSGW_ADMIN_TOKEN',
  ).action(
    act(ctx, async (o: Connection) => {
      const client = createAdminClient(o.address, tokenOf(ctx, o, 'SMSGW_ADMIN_TOKEN'), ctx.tls);
      try {
        const { connectors } = await client.listConnectors();
        for (const c of connectors) {
          if (o.json) {
            ctx.out(JSON.stringify(c));
            continue;
          }
          ctx.out(
            `${c.name} ${c.host}:${c.port}${c.tls ? ' (TLS)' : ''} prefixes=[${c.prefixes.join(',') || '*'}] priority=${c.priority} breaker=${c.breakerState} ${c.submitsPerSecond.toFixed(1)} submit/s`,
          );
          for (const b of c.binds)
            ctx.out(
              `  bind ${b.index}: ${b.state} window ${b.windowUsed}/${b.windowSize} rate ${b.rateLimitPerSecond || 'unlimited'}`,
            );
        }
        return EXIT.ok;
      } catch (err) {
        return reportFailure(ctx, err, o.json === true);
      } finally {
        client.close();
      }
    }),
  );

  program
    .command('token')
    .description('bearer tokens for the tenants file')
    .command('create')
    .description('print a new token, then the entry for the tenants file (only its hash is kept)')
    .requiredOption(
      '--scopes <list>',
      `comma-separated: ${[...SCOPES, ...OPERATOR_SCOPES].join(', ')}`,
    )
    .option('--expires-at <time>', 'ISO 8601 with an offset, e.g. 2027-06-30T00:00:00Z')
    .option('--json', 'one JSON value')
    .action(
      act(ctx, (o: { scopes: string; expiresAt?: string; json?: boolean }) => {
        const scopes = o.scopes
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean);
        const known = new Set<string>([...SCOPES, ...OPERATOR_SCOPES]);
        const unknown = scopes.filter((s) => !known.has(s));
        if (unknown.length > 0 || scopes.length === 0)
          throw new UsageError(`unknown scopes: ${unknown.join(', ') || '(none given)'}`);
        const operator = scopes.some((s) => (OPERATOR_SCOPES as readonly string[]).includes(s));
        if (operator && scopes.some((s) => (SCOPES as readonly string[]).includes(s)))
          throw new UsageError('an operator token (admin) cannot also hold tenant scopes');
        if (o.expiresAt !== undefined && Number.isNaN(Date.parse(o.expiresAt)))
          throw new UsageError('--expires-at must be an ISO 8601 time');
        const token = `smsgw_${randomBytes(32).toString('base64url')}`;
        const entry = {
          sha256: hashToken(token),
          scopes,
          ...(o.expiresAt ? { expiresAt: o.expiresAt } : {}),
        };
        if (o.json)
          ctx.out(JSON.stringify({ token, entry, list: operator ? 'operators' : 'tenants' }));
        else {
          ctx.out(token);
          ctx.out(JSON.stringify(entry));
          ctx.err(
            `add the second line to the tokens of the ${operator ? 'operator' : 'tenant'} in the tenants file; the token is not stored anywhere`,
          );
        }
        return Promise.resolve(EXIT.ok);
      }),
    );
}
