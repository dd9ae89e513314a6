import { createLogger, createMetricsRegistry } from '@smsgw/observability';
import { openTenants, runMain } from '@smsgw/runtime';
import { startCompliance } from './app.js';
import { loadComplianceConfig } from './config.js';

runMain('compliance', async () => {
  const config = loadComplianceConfig(process.env);
  const logger = createLogger({ service: 'compliance', level: config.logLevel });
  const tenants = openTenants(config.tenantsFile, config.developmentMode, logger);
  const offsetMs = config.developmentClockOffsetMs;
  if (offsetMs !== 0)
    logger.warn({ offsetMs }, 'development clock: compliance runs shifted in time');
  const compliance = await startCompliance(config, {
    logger,
    registry: createMetricsRegistry('compliance'),
    tenants,
    ...(offsetMs !== 0 ? { clock: { nowMs: () => Date.now() + offsetMs } } : {}),
  });
  return {
    logger,
    failed: compliance.failed,
    stop: async () => {
      tenants.close();
      await compliance.stop();
    },
  };
});
