// `npm run report -- [--from 2026-11-01] [--to 2026-12-01] [--json]`: the compliance report of
// the token's tenant (opt-outs with confirmation and effect times, refusals because of an
// opt-out, emergency sends with their reasons) from a running gateway's compliance service.
import { parseArgs } from 'node:util';
import { createConsentClient, clientTlsFromEnv } from '@smsgw/grpc';
import { printRefusal } from './refusal.js';

const { values } = parseArgs({
  options: {
    from: { type: 'string' },
    to: { type: 'string' },
    max: { type: 'string', default: '1000' },
    json: { type: 'boolean', default: false },
    address: { type: 'string', default: process.env.SMSGW_COMPLIANCE_ADDRESS ?? '127.0.0.1:50052' },
    token: { type: 'string', default: process.env.SMSGW_TOKEN ?? 'dev-acme-token' },
  },
});

const time = (iso: string | undefined, name: string): number => {
  if (iso === undefined) return 0;
  const ms = Date.parse(iso);
  if (Number.isNaN(ms))
    throw new Error(`--${name}: not a date (use e.g. 2026-11-01 or an ISO time)`);
  return ms;
};
const iso = (ms: number): string => (ms > 0 ? new Date(ms).toISOString() : '-');
const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;

const client = createConsentClient(values.address, values.token, clientTlsFromEnv(process.env));
try {
  const report = await client.report({
    fromMs: time(values.from, 'from'),
    toMs: time(values.to, 'to'),
    maxEntries: Number(values.max),
  });
  if (values.json) console.log(JSON.stringify(report, null, 2));
  else {
    const c = report.confirmation;
    const e = report.timeToEffect;
    console.log(
      `compliance report of ${report.tenantId}, ${iso(report.fromMs)} to ${iso(report.toMs)}`,
    );
    console.log(
      `opt-out requests           ${report.optOutRequests}${report.truncated ? ' (list truncated)' : ''}`,
    );
    if (c)
      console.log(
        `confirmation (MO to SMSC)  p50 ${seconds(c.p50Ms)}  p99 ${seconds(c.p99Ms)}  max ${seconds(c.maxMs)}  (${c.count} confirmed, ${report.unconfirmedOptOuts} not yet)`,
      );
    if (e)
      console.log(
        `took effect after          p50 ${seconds(e.p50Ms)}  p99 ${seconds(e.p99Ms)}  max ${seconds(e.maxMs)}`,
      );
    console.log(`refused because opted out  ${report.refusedOptedOut}`);
    console.log(`emergency sends            ${report.emergencySends.length}`);
    for (const s of report.emergencySends)
      console.log(`  ${iso(s.approvedAtMs)}  ${s.messageId}  ${s.reason}`);
  }
} catch (err) {
  printRefusal(err);
} finally {
  client.close();
}
