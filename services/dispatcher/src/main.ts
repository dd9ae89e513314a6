import { createLogger, createMetricsRegistry } from '@smsgw/observability';
import { runMain } from '@smsgw/runtime';
import { startDispatcher } from './app.js';
import { loadDispatcherConfig } from './config.js';

runMain('dispatcher', async () => {
  const config = loadDispatcherConfig(process.env);
  const logger = createLogger({ service: 'dispatcher', level: config.logLevel });
  const dispatcher = await startDispatcher(config, {
    logger,
    registry: createMetricsRegistry('dispatcher'),
  });
  return { logger, stop: () => dispatcher.stop(), failed: dispatcher.failed };
});
