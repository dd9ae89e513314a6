import { createConsentClient, type ConsentClient } from '@smsgw/grpc';
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
import { importConsents } from './consent-import.js';

/** Runs `use` on a consent client, a gRPC failure as its exit code. */
async function withConsent(
  ctx: Context,
  o: Connection,
  use: (client: ConsentClient) => Promise<number>,
): Promise<number> {
  const client = createConsentClient(o.address, tokenOf(ctx, o, 'SMSGW_TOKEN'), ctx.tls);
  try {
    return await use(client);
  } catch (err) {
    if (err instanceof UsageError) throw err;
    return reportFailure(ctx, err, o.json === true);
  } finally {
    client.close();
  }
}

function positiveInt(value: string, name: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new UsageError(`${name} must be a whole number`);
  return n;
}

export function registerComplianceCommands(program: Command, ctx: Context): void {
  const connection = (c: Command): Command => withConnection(c, ctx, 'compliance', 'SMSGW_TOKEN');

  const consent = program.command('consent').description("a tenant's consent records");
  connection(
    consent
      .command('import')
      .description('import a CSV of consents: recipient,purpose,source[,channel,at,proof_text]')
      .argument('<file>')
      .option('--chunk-rows <n>', 'rows per ImportConsents call (a checkpoint after each)', '1000')
      .option('--concurrency <n>', 'ImportConsents calls in flight at once', '4')
      .option('--rate <rows/s>', 'at most this many rows per second (0: no limit)', '0')
      .option('--restart', 'ignore the checkpoint of an earlier run and start from the top'),
  ).action(
    act(ctx, (file: string, o: Connection & Record<string, string | boolean>) =>
      withConsent(ctx, o, (client) =>
        importConsents(ctx, client, file, {
          chunkRows: Math.max(1, positiveInt(String(o.chunkRows), '--chunk-rows')),
          concurrency: Math.min(
            16,
            Math.max(1, positiveInt(String(o.concurrency), '--concurrency')),
          ),
          rate: positiveInt(String(o.rate), '--rate'),
          restart: o.restart === true,
          json: o.json === true,
        }),
      ),
    ),
  );
  connection(
    consent
      .command('export')
      .description("a recipient's consent history with its evidence, oldest first")
      .argument('<recipient>'),
  ).action(
    act(ctx, (recipient: string, o: Connection) =>
      withConsent(ctx, o, async (client) => {
        for (const e of await client.exportEvidence(recipient))
          ctx.out(
            o.json
              ? JSON.stringify(e)
              : `${new Date(Number(e.evidence?.atMs ?? 0)).toISOString()} ${e.action} ${e.purpose || '-'} ${e.evidence?.source ?? ''}`,
          );
        return EXIT.ok;
      }),
    ),
  );

  connection(
    program
      .command('evaluate')
      .description('dry-run every compliance rule on a message, as if sent now or at --at')
      .requiredOption('--to <e164>', 'recipient')
      .requiredOption('--body <text>', 'message text')
      .option('--from <sender>', 'registered sender id', '')
      .option('--category <category>', 'TRANSACTIONAL | MARKETING | EMERGENCY', 'TRANSACTIONAL')
      .option('--at <time>', 'ISO 8601 time to evaluate at (quiet hours, caps)'),
  ).action(
    act(ctx, (o: Connection & Record<string, string>) =>
      withConsent(ctx, o, async (client) => {
        const atMs = o.at === undefined ? 0 : Date.parse(o.at);
        if (Number.isNaN(atMs)) throw new UsageError('--at must be an ISO 8601 time');
        const e = await client.evaluate(
          {
            to: o.to,
            from: o.from,
            body: o.body,
            category: (o.category ?? 'TRANSACTIONAL').toUpperCase() as 'TRANSACTIONAL',
          },
          atMs,
        );
        if (o.json) ctx.out(JSON.stringify(e));
        else {
          ctx.out(`${e.decision} (${e.segments} segment(s), ${e.encoding})`);
          for (const r of e.reasons) ctx.out(`  reason ${r.code}: ${r.message}`);
          for (const r of e.advisories) ctx.out(`  advisory ${r.code}: ${r.message}`);
          if (Number(e.releaseAtMs) > 0)
            ctx.out(`  held until ${new Date(Number(e.releaseAtMs)).toISOString()}`);
          ctx.out(`  body: ${e.body}`);
        }
        return e.decision === 'REJECT' ? EXIT.refused : EXIT.ok;
      }),
    ),
  );
}
