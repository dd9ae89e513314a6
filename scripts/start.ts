// `npm start`: the whole gateway on this machine, a demo message, then runs until Ctrl-C.
import { createMessagingClient } from '@smsgw/grpc';
import { DEV_TOKEN, startGatewayStack, type GatewayStack } from '@smsgw/local-stack';

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

const port = (name: string, fallback: number): number => Number(env[name] ?? fallback);

let stopping = false;
let stoppedAt = 0;
function stop(code: number): void {
  stopping = true;
  stoppedAt = Date.now();
  // During start-up, the stop waits for it to finish, then stops what it started.
  void starting
    .then((stack) => stack.stop())
    .then(
      () => process.exit(code),
      () => process.exit(1),
    );
}
// SIGINT or SIGTERM to this process stops everything in order. npm forwards the signal it gets,
// and Ctrl-C in a terminal also signals the whole process group: the same Ctrl-C arrives twice,
// so a repeat within two seconds is that echo. A later one forces: exit at once, and the exit
// hooks of the local stack SIGKILL every process it started.
function onSignal(signal: NodeJS.Signals): void {
  if (!stopping) {
    log(`${signal}: stopping (Ctrl-C again to force)…`);
    return stop(0);
  }
  if (Date.now() - stoppedAt < 2000) return;
  log(`${signal} again: forcing`);
  process.exit(1);
}
process.on('SIGINT', onSignal);
process.on('SIGTERM', onSignal);

const metricsPorts = {
  ingress: port('SMSGW_INGRESS_METRICS_PORT', 9464),
  compliance: port('SMSGW_COMPLIANCE_METRICS_PORT', 9465),
  dispatcher: port('SMSGW_DISPATCHER_METRICS_PORT', 9466),
  simulator: port('SMSGW_SIMULATOR_METRICS_PORT', 9467),
};
const starting: Promise<GatewayStack> = startGatewayStack({
  env,
  grpcPort,
  simulatorPort: port('SMSGW_SIMULATOR_PORT', 2775),
  metricsPorts,
  complianceGrpcPort: port('SMSGW_COMPLIANCE_GRPC_PORT', 50052),
  dispatcherAdminPort: port('SMSGW_DISPATCHER_ADMIN_PORT', 50053),
  partitions: 4,
  log,
  onServiceLine: printServiceLine,
  // A dead stage must not go unnoticed while ingress keeps accepting: restart it, and stop the
  // whole gateway if it keeps dying.
  supervise: {
    maxRestarts: 5,
    windowMs: 5 * 60_000,
    onGiveUp: (service) => {
      log(`${service} keeps crashing: stopping the gateway`);
      if (!stopping) stop(1);
    },
  },
});
const stack = await starting;
if (stopping) await new Promise(() => undefined); // a signal came during start-up: stop() exits

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
for (const service of ['ingress', 'compliance', 'dispatcher'] as const) {
  const base = `http://127.0.0.1:${metricsPorts[service]}`;
  log(`${service}: ${base}/metrics  ${base}/readyz  ${base}/livez`);
}
log(
  'Prometheus: prometheus --config.file=deploy/prometheus/prometheus.yml (alerts: deploy/prometheus/rules, runbooks: deploy/runbooks/alerts.md)',
);
log('Grafana: deploy/grafana/dashboards/*.json with deploy/grafana/provisioning');
log('Ctrl-C (or SIGTERM to this process) stops everything.');
