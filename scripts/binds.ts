// `npm run binds`: the dispatcher's connectors, binds, windows, breakers and rates (DispatcherAdmin).
import { parseArgs } from 'node:util';
import { createAdminClient, clientTlsFromEnv, type ServiceError } from '@smsgw/grpc';

const { values } = parseArgs({
  options: {
    address: { type: 'string', default: process.env.SMSGW_ADMIN_ADDRESS ?? '127.0.0.1:50053' },
    token: { type: 'string', default: process.env.SMSGW_ADMIN_TOKEN ?? 'dev-ops-token' },
  },
});

const client = createAdminClient(values.address, values.token, clientTlsFromEnv(process.env));
try {
  const { connectors } = await client.listConnectors();
  for (const c of connectors) {
    console.log(
      `${c.name} ${c.host}:${c.port}${c.tls ? ' (TLS)' : ''} prefixes=[${c.prefixes.join(',') || '*'}] priority=${c.priority} breaker=${c.breakerState} ${c.submitsPerSecond.toFixed(1)} submit/s`,
    );
    for (const b of c.binds)
      console.log(
        `  bind ${b.index}: ${b.state} window ${b.windowUsed}/${b.windowSize} rate ${b.rateLimitPerSecond || 'unlimited'}`,
      );
  }
} catch (err) {
  const e = err as ServiceError;
  console.error(`refused: ${e.details ?? e.message}`);
  process.exitCode = 1;
} finally {
  client.close();
}
