import { ConfigError } from '@smsgw/config';
import type { Logger } from '@smsgw/observability';

/** What a service's composition root returns once started. */
export interface RunningService {
  logger: Logger;
  /** Stops everything in reverse order of start. */
  stop(): Promise<void>;
}

/** Exit code for a bad configuration (sysexits EX_CONFIG). */
export const EXIT_CONFIG = 78;

/**
 * Runs a service: a ConfigError at boot prints every problem and exits 78; SIGTERM/SIGINT stop
 * it once, gracefully (a second signal forces exit); an unhandled rejection is logged and fatal.
 */
export function runMain(name: string, start: () => Promise<RunningService>): void {
  start().then(
    (service) => {
      let stopping = false;
      const onSignal = (signal: NodeJS.Signals): void => {
        if (stopping) process.exit(1);
        stopping = true;
        service.logger.info({ signal }, `${name} stopping`);
        service.stop().then(
          () => process.exit(0),
          (err: unknown) => {
            service.logger.error({ err }, `${name} did not stop cleanly`);
            process.exit(1);
          },
        );
      };
      process.on('SIGTERM', onSignal);
      process.on('SIGINT', onSignal);
      process.on('unhandledRejection', (err) => {
        service.logger.fatal({ err }, 'unhandled rejection');
        process.exit(1);
      });
    },
    (err: unknown) => {
      if (err instanceof ConfigError) {
        process.stderr.write(`${name}: ${err.message}\n`);
        process.exit(EXIT_CONFIG);
      }
      process.stderr.write(`${name}: failed to start: ${(err as Error)?.stack ?? String(err)}\n`);
      process.exit(1);
    },
  );
}
