// `npm run send -- --to +14155550123 --body "Hello"`: sends one message to a running gateway and
// follows its status until it is submitted or final.
import { parseArgs } from 'node:util';
import { createMessagingClient, clientTlsFromEnv } from '@smsgw/grpc';
import { printRefusal } from './refusal.js';

const { values } = parseArgs({
  options: {
    to: { type: 'string', default: '+14155550123' },
    from: { type: 'string', default: 'Acme' },
    body: { type: 'string', default: 'Acme: hello from smsgw. Reply STOP to opt out.' },
    category: { type: 'string', default: 'TRANSACTIONAL' },
    address: { type: 'string', default: process.env.SMSGW_ADDRESS ?? '127.0.0.1:50051' },
    token: { type: 'string', default: process.env.SMSGW_TOKEN ?? 'dev-acme-token' },
  },
});

const client = createMessagingClient(values.address, values.token, clientTlsFromEnv(process.env));
try {
  const sent = await client.sendMessage({
    to: values.to,
    from: values.from,
    body: values.body,
    category: values.category as 'TRANSACTIONAL',
  });
  console.log(`accepted ${sent.messageId}`);
  let last = '';
  for (let i = 0; i < 100; i++) {
    const status = await client.getMessage(sent.messageId).catch(() => undefined);
    if (status && status.state !== last) console.log(`state ${(last = status.state)}`);
    if (status && !['ACCEPTED', 'APPROVED', 'DEFERRED', 'SUBMITTED'].includes(status.state)) break;
    await new Promise((r) => setTimeout(r, 100));
  }
} catch (err) {
  printRefusal(err);
} finally {
  client.close();
}
