// `npm start`: the whole gateway on this machine, a demo message, then runs until Ctrl-C.
import { createMessagingClient } from '@smsgw/grpc';
import { DEV_TOKEN, startGatewayStack } from '@smsgw/local-stack';

const env = process.env;
const log = (line: string): void => console.log(`smsgw: ${line}`);
const grpcPort = Number(env.SMSGW_INGRESS_GRPC_PORT ?? 50051);

function printServiceLine(service: string, line: string): void {
  try {
    const {
      msg,
      level,
      time,
      service: _s,
      pid: _p,
      hostname: _h,
      ...rest
    } = JSON.parse(line) as Record<string, unknown>;
    const extra = Object.keys(rest).length ? ` ${JSON.stringify(rest)}` : '';
    if (Number(level) >= 30)
      console.log(
        `[${service}] ${typeof time === 'string' ? time : ''} ${typeof msg === 'string' ? msg : ''}${extra}`,
      );
  } catch {
    console.log(`[${service}] ${line}`);
  }
}

const stack = await startGatewayStack({
  env,
  grpcPort,
  simulatorPort: Number(env.SMSGW_SIMULATOR_PORT ?? 2775),
  metricsPorts: { ingress: 9464, compliance: 9465, dispatcher: 9466, simulator: 9467 },
  complianceGrpcPort: 50052,
  partitions: 4,
  log,
  onServiceLine: printServiceLine,
});

let stopping = false;
const shutdown = (): void => {
  if (stopping) process.exit(1);
  stopping = true;
  log('stopping (Ctrl-C again to force)…');
  stack.stop().then(
    () => process.exit(0),
    () => process.exit(1),
  );
};
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);

const client = createMessagingClient(stack.grpcAddress, DEV_TOKEN);
const sent = await client.sendMessage({
  to: '+14155550123',
  from: 'Acme',
  body: 'Acme: your smsgw demo works. Reply STOP to opt out.',
  category: 'TRANSACTIONAL',
});
log(`demo message accepted: ${sent.messageId}`);
for (let i = 0; i < 150; i++) {
  const status = await client.getMessage(sent.messageId).catch(() => undefined);
  if (status && status.state === 'DELIVERED') {
    log(`demo message ${status.state}: ${status.history.map((h) => h.state).join(' → ')}`);
    break;
  }
  await new Promise((r) => setTimeout(r, 100));
}
client.close();
log(
  `send another from a second terminal:  npm run send -- --to +14155550123 --body "Hello from Acme"`,
);
log(
  `metrics: http://127.0.0.1:9464/metrics (ingress) :9465 (compliance) :9466 (dispatcher) :9467 (simulator)`,
);
log('Ctrl-C stops everything.');
