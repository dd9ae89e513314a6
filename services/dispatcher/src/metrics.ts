import {
  Counter,
  Gauge,
  Histogram,
  LATENCY_BUCKETS_SECONDS,
  type Registry,
} from '@smsgw/observability';

/** Dispatcher metrics (per connector; never per number or message). */
export function createDispatcherMetrics(registry: Registry) {
  const labelNames = ['connector'] as const;
  const bindLabels = ['connector', 'bind'] as const;
  // Read from the binds when scraped: the window is the session's own state, not a copy.
  const windows = new Map<
    string,
    { labels: { connector: string; bind: string }; occupancy: () => number; rate: () => number }
  >();
  return {
    /** Reports a bind's window occupancy (submits awaiting a response) and rate limit at each scrape. */
    trackBind(connector: string, bind: string, occupancy: () => number, rate: () => number): void {
      windows.set(`${connector}/${bind}`, { labels: { connector, bind }, occupancy, rate });
    },
    submits: new Counter({
      name: 'smsgw_smpp_submit_total',
      help: 'submit_sm outcomes',
      labelNames: ['connector', 'result'],
      registers: [registry],
    }),
    submitLatency: new Histogram({
      name: 'smsgw_smpp_submit_latency_seconds',
      help: 'submit_sm to submit_sm_resp',
      labelNames,
      buckets: LATENCY_BUCKETS_SECONDS,
      registers: [registry],
    }),
    bindState: new Gauge({
      name: 'smsgw_smpp_bind_state',
      help: '0 connecting, 1 binding, 2 bound, 3 unbinding, 4 closed',
      labelNames: bindLabels,
      registers: [registry],
    }),
    bindRate: new Gauge({
      name: 'smsgw_smpp_bind_rate_limit',
      help: 'Current submit_sm per second allowed on a bind (lowered after throttling; -1 unlimited)',
      labelNames: bindLabels,
      registers: [registry],
      collect() {
        for (const { labels, rate } of windows.values())
          this.set(labels, Number.isFinite(rate()) ? rate() : -1);
      },
    }),
    breakerState: new Gauge({
      name: 'smsgw_dispatcher_breaker_state',
      help: 'Circuit breaker per connector: 0 closed, 1 half-open, 2 open',
      labelNames,
      registers: [registry],
    }),
    noRoute: new Counter({
      name: 'smsgw_dispatcher_no_route_total',
      help: 'Batches held back because no connector for a destination was open',
      registers: [registry],
    }),
    throttled: new Counter({
      name: 'smsgw_smpp_throttled_total',
      help: 'ESME_RTHROTTLED / ESME_RMSGQFUL answers (the bind slows down)',
      labelNames,
      registers: [registry],
    }),
    waitingForBind: new Gauge({
      name: 'smsgw_smpp_waiting_for_bind',
      help: 'Submits waiting because no bind is up (a down carrier holds traffic here)',
      labelNames,
      registers: [registry],
    }),
    windowUsed: new Gauge({
      name: 'smsgw_smpp_window_used',
      help: 'submit_sm awaiting a response',
      labelNames: bindLabels,
      registers: [registry],
      collect() {
        for (const { labels, occupancy } of windows.values()) this.set(labels, occupancy());
      },
    }),
    reconnects: new Counter({
      name: 'smsgw_smpp_reconnects_total',
      help: 'Binds lost and re-established',
      labelNames,
      registers: [registry],
    }),
    bindAuthFailures: new Counter({
      name: 'smsgw_smpp_bind_auth_failures_total',
      help: 'Binds refused for credentials',
      labelNames,
      registers: [registry],
    }),
    protocolErrors: new Counter({
      name: 'smsgw_smpp_protocol_errors_total',
      help: 'Malformed PDUs from the SMSC (bind reset)',
      labelNames,
      registers: [registry],
    }),
    inDoubt: new Counter({
      name: 'smsgw_dispatcher_in_doubt_total',
      help: 'Messages whose submit outcome is unknown (status UNKNOWN)',
      labelNames,
      registers: [registry],
    }),
    receipts: new Counter({
      name: 'smsgw_smpp_receipts_total',
      help: 'Delivery receipts by result',
      labelNames: ['connector', 'result'],
      registers: [registry],
    }),
    mo: new Counter({
      name: 'smsgw_smpp_mo_total',
      help: 'MO messages stored (or released incomplete)',
      labelNames: ['connector', 'result'],
      registers: [registry],
    }),
    replayed: new Counter({
      name: 'smsgw_dispatcher_replayed_total',
      help: 'Messages seen again after their outcome was recorded (re-emitted, not resent)',
      labelNames,
      registers: [registry],
    }),
  };
}

export type DispatcherMetrics = ReturnType<typeof createDispatcherMetrics>;
