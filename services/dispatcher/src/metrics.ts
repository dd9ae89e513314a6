import {
  Counter,
  Gauge,
  Histogram,
  LATENCY_BUCKETS_SECONDS,
  type Registry,
} from '@smsgw/observability';

/** Seconds from 50 ms to an hour: a message can wait for a carrier or a quiet-hours window. */
const END_TO_END_BUCKETS_SECONDS = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600];

/** Messages held for want of an open connector, as the metrics report them. */
export interface HeldView {
  count: number;
  oldestAgeSeconds: number;
}

/** Dispatcher metrics (per connector; never per number or message). */
export function createDispatcherMetrics(registry: Registry) {
  const labelNames = ['connector'] as const;
  const bindLabels = ['connector', 'bind'] as const;
  // Read from the binds when scraped: the window is the session's own state, not a copy.
  let heldView = (): HeldView => ({ count: 0, oldestAgeSeconds: 0 });
  const windows = new Map<
    string,
    { labels: { connector: string; bind: string }; occupancy: () => number; rate: () => number }
  >();
  const m = {
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
    submitResponses: new Counter({
      name: 'smsgw_smpp_submit_responses_total',
      help: 'submit_sm_resp by command_status name (unknown values counted as other)',
      labelNames: ['connector', 'command_status'],
      registers: [registry],
    }),
    acceptToSubmit: new Histogram({
      name: 'smsgw_message_accept_to_submit_seconds',
      help: 'From acceptance at ingress to the SMSC taking the message (SUBMITTED), by category; marketing includes quiet-hour deferrals',
      labelNames: ['category'],
      buckets: END_TO_END_BUCKETS_SECONDS,
      registers: [registry],
    }),
    autoReplyLatency: new Histogram({
      name: 'smsgw_auto_reply_submit_seconds',
      help: 'From an inbound message (e.g. STOP) reaching the gateway to its automatic reply being taken by the SMSC, by reply kind',
      labelNames: ['kind'],
      buckets: END_TO_END_BUCKETS_SECONDS,
      registers: [registry],
    }),
    /** Reports the held messages (count, oldest age) at each scrape. */
    trackHeld(read: () => HeldView): void {
      heldView = read;
    },
    held: new Gauge({
      name: 'smsgw_dispatcher_held_messages',
      help: 'Messages held because no connector serving their destination is open',
      registers: [registry],
      collect() {
        this.set(heldView().count);
      },
    }),
    oldestHeldAge: new Gauge({
      name: 'smsgw_dispatcher_oldest_held_age_seconds',
      help: 'Age (since acceptance) of the oldest message held because no connector is open; 0 when none',
      registers: [registry],
      collect() {
        this.set(heldView().oldestAgeSeconds);
      },
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
      name: 'smsgw_smpp_bind_rate_limit_per_second',
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
    expired: new Counter({
      name: 'smsgw_dispatcher_expired_total',
      help: 'Messages that ended EXPIRED, never sent: held past their validity for want of an open connector',
      registers: [registry],
    }),
    segmentRefusals: new Counter({
      name: 'smsgw_dispatcher_segment_refusals_total',
      help: 'Connectors passed over for a message because their split needs more parts than compliance approved',
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
      name: 'smsgw_smpp_waiting_for_bind_messages',
      help: 'Submits waiting because no bind is up (a down carrier holds traffic here)',
      labelNames,
      registers: [registry],
    }),
    windowUsed: new Gauge({
      name: 'smsgw_smpp_window_in_flight_requests',
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
    refusedPdus: new Counter({
      name: 'smsgw_smpp_refused_pdus_total',
      help: 'PDUs from the SMSC answered generic_nack (unknown command, undecodable body) or ignored (unsolicited response); the bind stays up',
      labelNames,
      registers: [registry],
    }),
    carrierIdCollisions: new Counter({
      name: 'smsgw_smpp_carrier_id_collisions_total',
      help: 'Carrier message ids the SMSC gave a second message (receipts naming them are ambiguous)',
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
    ledgerRestores: new Counter({
      name: 'smsgw_dispatch_ledger_restored_writes_total',
      help: 'Ledger writes Redis had answered but lost in a crash, written again from the journal',
      registers: [registry],
    }),
  };
  return {
    ...m,
    /**
     * Creates a connector's series at zero, so rates and alerts (in-doubt, breaker, throttling)
     * have data before the first event instead of an absent series that never fires.
     */
    initConnector(connector: string): void {
      for (const c of [
        m.inDoubt,
        m.throttled,
        m.reconnects,
        m.protocolErrors,
        m.carrierIdCollisions,
        m.refusedPdus,
        m.bindAuthFailures,
        m.segmentRefusals,
      ])
        c.inc({ connector }, 0);
      for (const result of ['ok', 'permanent', 'retryable', 'in-doubt'])
        m.submits.inc({ connector, result }, 0);
      m.submitResponses.inc({ connector, command_status: 'ESME_ROK' }, 0);
      m.breakerState.set({ connector }, 0);
    },
  };
}

export type DispatcherMetrics = ReturnType<typeof createDispatcherMetrics>;
