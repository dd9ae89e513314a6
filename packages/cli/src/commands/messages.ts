import { createMessagingClient, type MessagingClient } from '@smsgw/grpc';
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
import { columns, readCsv, UsageError, type ColumnReader } from '../csv.js';

const CATEGORIES = ['TRANSACTIONAL', 'MARKETING', 'EMERGENCY'] as const;
type Category = (typeof CATEGORIES)[number];
/** States after which nothing more happens to a message. */
const FINAL = new Set([
  'DELIVERED',
  'UNDELIVERABLE',
  'REJECTED',
  'REJECTED_BY_CARRIER',
  'FAILED',
  'EXPIRED',
  'UNKNOWN',
]);

function category(value: string): Category {
  const upper = value.toUpperCase();
  if (!(CATEGORIES as readonly string[]).includes(upper))
    throw new UsageError(`category must be one of ${CATEGORIES.join(', ')}`);
  return upper as Category;
}

function messaging(ctx: Context, o: Connection): MessagingClient {
  return createMessagingClient(o.address, tokenOf(ctx, o, 'SMSGW_TOKEN'), ctx.tls);
}

/** Sends every row of a CSV file, `concurrency` calls at a time; one result line per row. */
async function sendFile(
  ctx: Context,
  client: MessagingClient,
  path: string,
  o: Connection & { concurrency: string },
): Promise<number> {
  const limit = Math.max(1, Math.min(256, Number(o.concurrency) || 32));
  let field: ColumnReader | undefined;
  let refused = 0;
  let accepted = 0;
  const running = new Set<Promise<void>>();
  for await (const { fields, record } of readCsv(path)) {
    if (!field) {
      field = columns(fields, ['to', 'body'], ['from', 'category', 'idempotency_key']);
      continue;
    }
    const row = record - 1;
    const request = {
      to: field(fields, 'to'),
      from: field(fields, 'from'),
      body: field(fields, 'body'),
      category: category(field(fields, 'category') || 'TRANSACTIONAL'),
      idempotencyKey: field(fields, 'idempotency_key'),
    };
    const p = client.sendMessage(request).then(
      (sent) => {
        accepted++;
        ctx.out(
          o.json ? JSON.stringify({ row, messageId: sent.messageId }) : `${row} ${sent.messageId}`,
        );
      },
      (err: unknown) => {
        refused++;
        if (!o.json) ctx.out(`${row} refused`);
        const code = reportFailure(ctx, err, o.json === true);
        if (code === EXIT.unreachable) throw err;
      },
    );
    const tracked = p.finally(() => running.delete(tracked));
    running.add(tracked);
    if (running.size >= limit) await Promise.race(running);
  }
  await Promise.all(running);
  ctx.err(`${accepted} accepted, ${refused} refused`);
  return refused > 0 ? EXIT.refused : EXIT.ok;
}

export function registerMessageCommands(program: Command, ctx: Context): void {
  const connection = (c: Command): Command => withConnection(c, ctx, 'ingress', 'SMSGW_TOKEN');

  connection(
    program
      .command('send')
      .description(
        'send one message, or every row of a CSV file (to,body[,from,category,idempotency_key])',
      )
      .option('--to <e164>', 'recipient')
      .option('--from <sender>', 'registered sender id', '')
      .option('--body <text>', 'message text')
      .option('--category <category>', CATEGORIES.join(' | '), 'TRANSACTIONAL')
      .option('--idempotency-key <key>', 'the same key sends once')
      .option('--csv <file>', 'send every row of this file')
      .option('--concurrency <n>', 'calls in flight for --csv', '32'),
  ).action(
    act(ctx, async (o: Connection & Record<string, string>) => {
      const client = messaging(ctx, o);
      try {
        if (o.csv) return await sendFile(ctx, client, o.csv, o as never);
        if (!o.to || !o.body) throw new UsageError('send needs --to and --body (or --csv)');
        const sent = await client.sendMessage({
          to: o.to,
          from: o.from ?? '',
          body: o.body,
          category: category(o.category ?? 'TRANSACTIONAL'),
          idempotencyKey: o.idempotencyKey ?? '',
        });
        ctx.out(o.json ? JSON.stringify(sent) : `accepted ${sent.messageId}`);
        return EXIT.ok;
      } catch (err) {
        if (err instanceof UsageError) throw err;
        return reportFailure(ctx, err, o.json === true);
      } finally {
        client.close();
      }
    }),
  );

  connection(
    program
      .command('status')
      .description("a message's state and history")
      .argument('<message-id>')
      .option('--follow', 'wait until the message reaches a final state, printing each new one')
      .option('--timeout <seconds>', 'give up following after this long', '120'),
  ).action(
    act(ctx, async (messageId: string, o: Connection & { follow?: boolean; timeout: string }) => {
      const client = messaging(ctx, o);
      try {
        const deadline = Date.now() + Number(o.timeout) * 1000;
        let shown = 0;
        for (;;) {
          const status = await client.getMessage(messageId);
          for (const h of status.history.slice(shown))
            ctx.out(
              o.json
                ? JSON.stringify(h)
                : `${new Date(Number(h.atMs)).toISOString()} ${h.state}${h.reasons.length ? ` ${h.reasons.map((r) => r.code).join(',')}` : ''}`,
            );
          shown = status.history.length;
          if (!o.follow || FINAL.has(status.state) || Date.now() > deadline) return EXIT.ok;
          await new Promise((r) => setTimeout(r, 250));
        }
      } catch (err) {
        return reportFailure(ctx, err, o.json === true);
      } finally {
        client.close();
      }
    }),
  );
}
