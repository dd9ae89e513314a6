import { Counter, Gauge, Histogram, LATENCY_BUCKETS_SECONDS, type Registry } from '@smsgw/observability';

/** Dispatcher metrics (per connector; never per number or message). */
export function createDispatcherMetrics(registry: Registry) {
  const labelNames = ['connector'] as const;
  // Read from the binds when scraped: the window is the session's own state, not a copy.
  const windows = new Map<string, () => number>();
  return {
    /** Reports a connector's window occupancy (submits awaiting a response) at each scrape. */
    trackWindow(connector: string, occupancy: () => number): void {
      windows.set(connector, occupancy);
    },
    submits: new Counter({ name: 'smsgw_smpp_submit_total', help: 'submit_sm outcomes', labelNames: ['connector', 'result'], registers: [registry] }),
    submitLatency: new Histogram({ name: 'smsgw_smpp_submit_latency_seconds', help: 'submit_sm to submit_sm_resp', labelNames, buckets: LATENCY_BUCKETS_SECONDS, registers: [registry] }),
    bindState: new Gauge({ name: 'smsgw_smpp_bind_state', help: '0 connecting, 1 binding, 2 bound, 3 unbinding, 4 closed', labelNames, registers: [registry] }),
    waitingForBind: new Gauge({ name: 'smsgw_smpp_waiting_for_bind', help: 'Submits waiting because no bind is up (a down carrier holds traffic here)', labelNames, registers: [registry] }),
    windowUsed: new Gauge({
      name: 'smsgw_smpp_window_used',
      help: 'submit_sm awaiting a response',
      labelNames,
      registers: [registry],
      collect() {
        for (const [connector, occupancy] of windows) this.set({ connector }, occupancy());
      },
    }),
    reconnects: new Counter({ name: 'smsgw_smpp_reconnects_total', help: 'Binds lost and re-established', labelNames, registers: [registry] }),
    bindAuthFailures: new Counter({ name: 'smsgw_smpp_bind_auth_failures_total', help: 'Binds refused for credentials', labelNames, registers: [registry] }),
    protocolErrors: new Counter({ name: 'smsgw_smpp_protocol_errors_total', help: 'Malformed PDUs from the SMSC (bind reset)', labelNames, registers: [registry] }),
    inDoubt: new Counter({ name: 'smsgw_dispatcher_in_doubt_total', help: 'Messages whose submit outcome is unknown (status UNKNOWN)', labelNames, registers: [registry] }),
    receipts: new Counter({ name: 'smsgw_smpp_receipts_total', help: 'Delivery receipts by result', labelNames: ['connector', 'result'], registers: [registry] }),
    mo: new Counter({ name: 'smsgw_smpp_mo_total', help: 'MO messages stored (or released incomplete)', labelNames: ['connector', 'result'], registers: [registry] }),
    replayed: new Counter({ name: 'smsgw_dispatcher_replayed_total', help: 'Messages seen again after their outcome was recorded (re-emitted, not resent)', labelNames, registers: [registry] }),
  };
}

export type DispatcherMetrics = ReturnType<typeof createDispatcherMetrics>;
