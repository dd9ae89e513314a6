import { ConfigError, watchTenantsFile, type WatchedTenantDirectory } from '@smsgw/config';
import type { Logger } from '@smsgw/observability';

/** What a service's composition root returns once started. */
export interface RunningService {
  logger: Logger;
  /** Stops everything in reverse order of start. */
  stop(): Promise<void>;
  /**
   * Resolves when the service can no longer work (a Kafka consumer that gave up): it is logged
   * and the process exits 1, so its supervisor starts it afresh instead of it idling alive.
   */
  failed?: Promise<Error>;
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
      void service.failed?.then((err) => {
        if (stopping) return;
        service.logger.fatal({ err }, `${name} cannot go on; exiting to be restarted`);
        process.exit(1);
      });
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

/**
 * The tenants directory of a service: loaded at boot (a bad file is a ConfigError), then followed
 * as the file changes. Logs each reload by counts only (never a token), a file that stopped
 * parsing at error (the last good one stays in force), and development tokens refused.
 */
export function openTenants(
  path: string,
  developmentMode: boolean,
  logger: Logger,
): WatchedTenantDirectory {
  const directory = watchTenantsFile(path, {
    developmentMode,
    onReload: (result) => {
      if (!result.ok)
        logger.error(
          { err: result.error },
          'tenants file changed but does not parse; the previous one stays in force',
        );
      else logger.info({ tenants: result.tenants }, 'tenants file reloaded');
    },
  });
  const refused = directory.refusedDevelopmentTokens();
  if (refused > 0)
    logger.warn(
      { refused },
      'development tokens in the tenants file are refused (SMSGW_DEVELOPMENT_MODE is off)',
    );
  if (developmentMode)
    logger.warn('development mode: the published development tokens are accepted');
  return directory;
}
