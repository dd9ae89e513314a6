import { loadTenantsFile } from '@smsgw/config';
import { createLogger, createMetricsRegistry } from '@smsgw/observability';
import { runMain } from '@smsgw/runtime';
import { startIngress } from './app.js';
import { loadIngressConfig } from './config.js';

runMain('ingress', async () => {
  const config = loadIngressConfig(process.env);
  const tenants = loadTenantsFile(config.tenantsFile);
  const logger = createLogger({ service: 'ingress', level: config.logLevel });
  const ingress = await startIngress(config, {
    logger,
    registry: createMetricsRegistry('ingress'),
    tenants,
  });
  return { logger, stop: () => ingress.stop() };
});
