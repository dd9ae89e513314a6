import { loadTenantsFile } from '@smsgw/config';
import { createLogger, createMetricsRegistry } from '@smsgw/observability';
import { runMain } from '@smsgw/runtime';
import { startCompliance } from './app.js';
import { loadComplianceConfig } from './config.js';

runMain('compliance', async () => {
  const config = loadComplianceConfig(process.env);
  const tenants = loadTenantsFile(config.tenantsFile);
  const logger = createLogger({ service: 'compliance', level: config.logLevel });
  const compliance = await startCompliance(config, {
    logger,
    registry: createMetricsRegistry('compliance'),
    tenants,
  });
  return { logger, stop: () => compliance.stop() };
});
