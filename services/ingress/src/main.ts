import { createLogger, createMetricsRegistry } from '@smsgw/observability';
import { openTenants, runMain } from '@smsgw/runtime';
import { startIngress } from './app.js';
import { loadIngressConfig } from './config.js';

runMain('ingress', async () => {
  const config = loadIngressConfig(process.env);
  const logger = createLogger({ service: 'ingress', level: config.logLevel });
  const tenants = openTenants(config.tenantsFile, config.developmentMode, logger);
  const ingress = await startIngress(config, {
    logger,
    registry: createMetricsRegistry('ingress'),
    tenants,
  });
  return {
    logger,
    failed: ingress.failed,
    stop: async () => {
      tenants.close();
      await ingress.stop();
    },
  };
});
