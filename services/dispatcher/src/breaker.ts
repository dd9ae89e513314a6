import CircuitBreaker from 'opossum';
import { GatewayError } from '@smsgw/core';
import type { Logger } from '@smsgw/observability';
import type { ConnectorConfig } from './connectors.js';
import type { DispatcherMetrics } from './metrics.js';

/**
 * A failure of the connector, not of the message: no bind, no response, an SMSC system error.
 * Only these count towards opening the breaker (a bad destination number does not).
 */
export class ConnectorFault extends GatewayError {
  /** Worth another try on the same connector (its other binds, or a reconnect). */
  readonly retryHere: boolean;
  constructor(message: string, cause?: unknown, retryHere = true) {
    super('UNAVAILABLE', message, { retryable: true, cause });
    this.name = 'ConnectorFault';
    this.retryHere = retryHere;
  }
}

/** A connector's circuit breaker (opossum): closed, open (skipped by routing), half-open (one trial). */
export interface Breaker {
  /** Runs `work` through the breaker; rejects at once (EOPENBREAKER) while it is open. */
  run<T>(work: () => Promise<T>): Promise<T>;
  /** True when routing may try this connector (closed or half-open). */
  readonly admits: boolean;
  readonly state: 'closed' | 'open' | 'half-open';
  shutdown(): void;
}

export function createBreaker(
  config: ConnectorConfig,
  deps: { metrics: DispatcherMetrics; logger: Logger },
): Breaker {
  const options = config.breaker;
  // Not async: the work's own promise is what opossum waits on (one promise per submit less).
  const breaker = new CircuitBreaker((work: () => Promise<unknown>) => work(), {
    timeout: false, // submits have their own response timeout
    errorThresholdPercentage: options.errorThresholdPercentage,
    volumeThreshold: options.volumeThreshold,
    rollingCountTimeout: options.rollingWindowMs,
    resetTimeout: options.resetTimeoutMs,
    // true = "not a failure": only connector faults count.
    errorFilter: (err: unknown) => !(err instanceof ConnectorFault),
    // Latency is measured by our histogram. opossum's rolling percentiles keep every call's
    // latency and sort the window's (about 100,000 at full rate) each second for its snapshots.
    rollingPercentilesEnabled: false,
    enableSnapshots: false,
  });
  const connector = config.name;
  const report = (state: 'closed' | 'half-open' | 'open', value: number): void => {
    deps.metrics.breakerState.set({ connector }, value);
    if (state === 'closed') deps.logger.info({ connector }, 'breaker closed');
    else deps.logger.warn({ connector }, `breaker ${state}`);
  };
  deps.metrics.breakerState.set({ connector }, 0);
  breaker.on('open', () => report('open', 2));
  breaker.on('halfOpen', () => report('half-open', 1));
  breaker.on('close', () => report('closed', 0));
  return {
    run: <T>(work: () => Promise<T>) => breaker.fire(work) as Promise<T>,
    get admits() {
      return !breaker.opened;
    },
    get state() {
      return breaker.opened ? 'open' : breaker.halfOpen ? 'half-open' : 'closed';
    },
    shutdown: () => breaker.shutdown(),
  };
}
