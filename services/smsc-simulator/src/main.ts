import { readFileSync } from 'node:fs';
import { intSchema, logLevelSchema, parseEnvConfig, portSchema, z } from '@smsgw/config';
import { hashMsisdn } from '@smsgw/core';
import {
  Counter,
  createLogger,
  createMetricsRegistry,
  startMetricsServer,
} from '@smsgw/observability';
import { runMain } from '@smsgw/runtime';
import { startSmscSimulator } from '@smsgw/smpp';

const schema = z.object({
  host: z.string().default('127.0.0.1'),
  port: portSchema.default(2775),
  systemId: z.string().min(1).default('smsgw'),
  password: z.string().min(1).default('secret'),
  responseDelayMs: intSchema(0, 60_000).default(0),
  dlrDelayMs: intSchema(0, 3_600_000).default(500),
  dlrIdFormat: z.enum(['hex', 'decimal']).default('hex'),
  dlrStat: z.enum(['DELIVRD', 'UNDELIV', 'EXPIRED', 'REJECTD']).default('DELIVRD'),
  blackHole: z.enum(['true', 'false']).default('false'),
  errorEvery: intSchema(1, 1_000_000).optional(),
  errorStatus: intSchema(1, 0xffff).default(0x08),
  throttlePerSecond: intSchema(1, 1_000_000).optional(),
  disconnectEvery: intSchema(1, 1_000_000).optional(),
  refuseBinds: intSchema(1, 0xffff).optional(),
  tlsKeyFile: z.string().min(1).optional(),
  tlsCertFile: z.string().min(1).optional(),
  metricsPort: portSchema.default(9467),
  logLevel: logLevelSchema,
});

const ENV = {
  host: 'SMSGW_SIMULATOR_HOST',
  port: 'SMSGW_SIMULATOR_PORT',
  systemId: 'SMSGW_SIMULATOR_SYSTEM_ID',
  password: 'SMSGW_SIMULATOR_PASSWORD',
  responseDelayMs: 'SMSGW_SIMULATOR_RESPONSE_DELAY_MS',
  dlrDelayMs: 'SMSGW_SIMULATOR_DLR_DELAY_MS',
  dlrIdFormat: 'SMSGW_SIMULATOR_DLR_ID_FORMAT',
  dlrStat: 'SMSGW_SIMULATOR_DLR_STAT',
  // The zoo of carrier failures (README, SMSC simulator): each is off unless set.
  blackHole: 'SMSGW_SIMULATOR_BLACK_HOLE',
  errorEvery: 'SMSGW_SIMULATOR_ERROR_EVERY',
  errorStatus: 'SMSGW_SIMULATOR_ERROR_STATUS',
  throttlePerSecond: 'SMSGW_SIMULATOR_THROTTLE_PER_SECOND',
  disconnectEvery: 'SMSGW_SIMULATOR_DISCONNECT_EVERY',
  refuseBinds: 'SMSGW_SIMULATOR_REFUSE_BINDS',
  // TLS (ssmpp): both files, PEM.
  tlsKeyFile: 'SMSGW_SIMULATOR_TLS_KEY_FILE',
  tlsCertFile: 'SMSGW_SIMULATOR_TLS_CERT_FILE',
  metricsPort: 'SMSGW_SIMULATOR_METRICS_PORT',
  logLevel: 'SMSGW_LOG_LEVEL',
} as const;

runMain('smsc-simulator', async () => {
  const config = parseEnvConfig(schema, ENV, process.env, 'simulator configuration');
  const logger = createLogger({ service: 'smsc-simulator', level: config.logLevel });
  const registry = createMetricsRegistry('smsc-simulator');
  const received = new Counter({
    name: 'smsgw_simulator_submits_total',
    help: 'submit_sm received',
    registers: [registry],
  });
  const simulator = await startSmscSimulator({
    host: config.host,
    port: config.port,
    credentials: { systemId: config.systemId, password: config.password },
    ...(config.tlsKeyFile && config.tlsCertFile
      ? {
          tls: {
            key: readFileSync(config.tlsKeyFile, 'utf8'),
            cert: readFileSync(config.tlsCertFile, 'utf8'),
          },
        }
      : {}),
    behaviour: {
      responseDelayMs: config.responseDelayMs,
      dlr: { delayMs: config.dlrDelayMs, idFormat: config.dlrIdFormat, stat: config.dlrStat },
      blackHole: config.blackHole === 'true',
      submitError: config.errorEvery
        ? { every: config.errorEvery, status: config.errorStatus }
        : undefined,
      throttle: config.throttlePerSecond ? { maxPerSecond: config.throttlePerSecond } : undefined,
      disconnectEvery: config.disconnectEvery,
      refuseBinds: config.refuseBinds,
    },
  });
  simulator.on('submit', (s) => {
    received.inc();
    // The simulator stands in for a carrier: show that a message arrived, never its number or text.
    logger.info(
      {
        smscMessageId: s.smscMessageId,
        recipient: hashMsisdn(s.destinationAddr),
        dataCoding: s.dataCoding,
        chars: s.text.length,
      },
      'submit_sm received',
    );
  });
  const metrics = await startMetricsServer(registry, config.metricsPort);
  logger.info({ port: simulator.port, metricsPort: metrics.port }, 'smsc simulator started');
  return {
    logger,
    async stop() {
      await simulator.close();
      await metrics.close();
    },
  };
});
