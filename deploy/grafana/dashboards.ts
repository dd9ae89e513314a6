// The Grafana dashboards as code. `npm run generate:deploy` writes deploy/grafana/dashboards/*.json
// from this file; a unit test fails when the JSON is stale, and the live test runs every
// panel's query against a real Prometheus scraping the running gateway.

/** One panel: a title, its PromQL queries and how to show them. */
export interface PanelSpec {
  title: string;
  queries: { expr: string; legend: string }[];
  unit?: string;
  kind?: 'timeseries' | 'stat';
  /**
   * Counts rare events (errors that a healthy run does not produce): the live test checks that
   * the metric is exported, not that the query has samples.
   */
  sparse?: boolean;
}

/** One dashboard: a file name, a title and its panels, laid out two per row. */
export interface DashboardSpec {
  file: string;
  uid: string;
  title: string;
  description: string;
  panels: PanelSpec[];
}

const q = (expr: string, legend: string) => ({ expr, legend });

export const DASHBOARDS: DashboardSpec[] = [
  {
    file: 'smsgw-overview.json',
    uid: 'smsgw-overview',
    title: 'smsgw / Overview',
    description: 'Traffic in and out, decisions, end-to-end latency, errors and lag',
    panels: [
      {
        title: 'Messages accepted and submitted per second',
        unit: 'reqps',
        queries: [
          q('sum(rate(smsgw_ingress_messages_accepted_total[5m]))', 'accepted'),
          q('sum(rate(smsgw_smpp_submit_total{result="ok"}[5m]))', 'submitted (parts)'),
        ],
      },
      {
        title: 'Compliance decisions',
        unit: 'reqps',
        queries: [
          q('sum by (decision) (rate(smsgw_compliance_decisions_total[5m]))', '{{decision}}'),
        ],
      },
      {
        title: 'Refusals by reason (compliance)',
        unit: 'reqps',
        queries: [q('sum by (reason) (rate(smsgw_compliance_rejections_total[5m]))', '{{reason}}')],
      },
      {
        title: 'Refusals by reason (ingress validation)',
        unit: 'reqps',
        queries: [
          q('sum by (reason) (rate(smsgw_ingress_messages_rejected_total[5m]))', '{{reason}}'),
        ],
      },
      {
        title: 'Acceptance to SMSC (p50, p99) by category',
        unit: 's',
        queries: [
          q(
            'histogram_quantile(0.5, sum by (category, le) (rate(smsgw_message_accept_to_submit_seconds_bucket[5m])))',
            'p50 {{category}}',
          ),
          q(
            'histogram_quantile(0.99, sum by (category, le) (rate(smsgw_message_accept_to_submit_seconds_bucket[5m])))',
            'p99 {{category}}',
          ),
        ],
      },
      {
        title: 'Latency SLO: share over 10 s (budget 1 %)',
        unit: 'percentunit',
        queries: [
          q('smsgw:slo_latency:error_ratio5m', '5 min'),
          q('smsgw:slo_latency:error_ratio1h', '1 h'),
        ],
      },
      {
        title: 'gRPC calls by method and code',
        unit: 'reqps',
        queries: [
          q(
            'sum by (method, code) (rate(smsgw_ingress_requests_total[5m]))',
            '{{method}} {{code}}',
          ),
        ],
      },
      {
        title: 'Consumer lag by stage',
        unit: 'short',
        queries: [q('smsgw:consumer_lag:sum', '{{stage}}')],
      },
      {
        title: 'Readiness checks failing',
        kind: 'stat',
        queries: [
          q(
            'count(min by (service, instance, check) (smsgw_readiness_check) == 0) or vector(0)',
            'failing',
          ),
        ],
      },
      {
        title: 'Targets up',
        kind: 'stat',
        queries: [q('sum by (service) (up{job="smsgw"})', '{{service}}')],
      },
    ],
  },
  {
    file: 'smsgw-carriers.json',
    uid: 'smsgw-carriers',
    title: 'smsgw / Carriers and binds',
    description: 'Bind state, window use, rate, throttling, breakers, in-doubt submits, receipts',
    panels: [
      {
        title: 'Bound binds per connector',
        queries: [q('smsgw:binds_bound:count', '{{connector}}')],
      },
      {
        title: 'Bind state (0 connecting, 1 binding, 2 bound, 3 unbinding, 4 closed)',
        queries: [q('smsgw_smpp_bind_state', '{{connector}} bind {{bind}}')],
      },
      {
        title: 'Window use per bind',
        queries: [q('smsgw_smpp_window_in_flight_requests', '{{connector}} bind {{bind}}')],
      },
      {
        title: 'Submit rate per connector',
        unit: 'reqps',
        queries: [q('smsgw:submit_sm:rate5m', '{{connector}}')],
      },
      {
        title: 'submit_sm latency (p99) per connector',
        unit: 's',
        queries: [
          q(
            'histogram_quantile(0.99, sum by (connector, le) (rate(smsgw_smpp_submit_latency_seconds_bucket[5m])))',
            '{{connector}}',
          ),
        ],
      },
      {
        title: 'submit_sm_resp by command_status',
        unit: 'reqps',
        queries: [
          q(
            'sum by (connector, command_status) (rate(smsgw_smpp_submit_responses_total[5m]))',
            '{{connector}} {{command_status}}',
          ),
        ],
      },
      {
        title: 'Rate limit per bind (-1 unlimited)',
        queries: [q('smsgw_smpp_bind_rate_limit_per_second', '{{connector}} bind {{bind}}')],
      },
      {
        title: 'Throttled answers',
        unit: 'reqps',
        queries: [q('sum by (connector) (rate(smsgw_smpp_throttled_total[5m]))', '{{connector}}')],
      },
      {
        title: 'Circuit breaker (0 closed, 1 half-open, 2 open)',
        queries: [q('max by (connector) (smsgw_dispatcher_breaker_state)', '{{connector}}')],
      },
      {
        title: 'In-doubt share of submits (UNKNOWN, never resent)',
        unit: 'percentunit',
        queries: [q('smsgw:in_doubt:ratio5m', '{{connector}}')],
      },
      {
        title: 'Receipts by result',
        unit: 'reqps',
        queries: [
          q(
            'sum by (connector, result) (rate(smsgw_smpp_receipts_total[5m]))',
            '{{connector}} {{result}}',
          ),
        ],
      },
      {
        title: 'Held for want of a connector',
        queries: [
          q('sum(smsgw_dispatcher_held_messages)', 'messages'),
          q('max(smsgw_dispatcher_oldest_held_age_seconds)', 'oldest age (s)'),
          q('sum(increase(smsgw_dispatcher_expired_total[1h]))', 'expired, never sent (1 h)'),
        ],
      },
      {
        title: 'Bind losses (15 min)',
        queries: [
          q('sum by (connector) (increase(smsgw_smpp_reconnects_total[15m]))', '{{connector}}'),
        ],
      },
      {
        title: 'Inbound (MO) by result',
        unit: 'reqps',
        queries: [
          q(
            'sum by (connector, result) (rate(smsgw_smpp_mo_total[5m]))',
            '{{connector}} {{result}}',
          ),
        ],
      },
    ],
  },
  {
    file: 'smsgw-compliance.json',
    uid: 'smsgw-compliance',
    title: 'smsgw / Compliance',
    description:
      'Decisions, opt-outs and their confirmation latency, deferrals, consent bloom filter',
    panels: [
      {
        title: 'Decisions by outcome and category',
        unit: 'reqps',
        queries: [
          q(
            'sum by (decision, category) (rate(smsgw_compliance_decisions_total[5m]))',
            '{{decision}} {{category}}',
          ),
        ],
      },
      {
        title: 'Inbound messages by intent (opt-outs, opt-ins, help)',
        unit: 'reqps',
        queries: [q('sum by (intent) (rate(smsgw_compliance_inbound_total[5m]))', '{{intent}}')],
      },
      {
        title: 'Opt-out confirmation: MO to SMSC (p95)',
        unit: 's',
        queries: [q('smsgw:opt_out_confirmation:p95_10m', 'p95')],
      },
      {
        title: 'Automatic reply decided after the MO (p95)',
        unit: 's',
        queries: [
          q(
            'histogram_quantile(0.95, sum by (le) (rate(smsgw_compliance_mo_reply_seconds_bucket[10m])))',
            'p95',
          ),
        ],
      },
      {
        title: 'Deferred (quiet hours)',
        queries: [
          q('max(smsgw_compliance_deferred_messages)', 'held'),
          q('max(smsgw_compliance_deferred_overdue_seconds)', 'overdue (s)'),
        ],
      },
      {
        title: 'Deferred released per second',
        unit: 'reqps',
        queries: [q('sum(rate(smsgw_compliance_deferred_released_total[5m]))', 'released')],
      },
      {
        title: 'Consent bloom filter false-positive ratio',
        unit: 'percentunit',
        queries: [q('max(smsgw_compliance_bloom_false_positive_ratio)', 'observed')],
      },
      {
        title: 'Second copies of decided messages',
        unit: 'reqps',
        queries: [q('sum(rate(smsgw_compliance_duplicate_records_total[5m]))', 'duplicates')],
      },
    ],
  },
  {
    file: 'smsgw-kafka-redis.json',
    uid: 'smsgw-kafka-redis',
    title: 'smsgw / Kafka and Redis',
    description: 'Stage transactions, lag per partition, Redis latency, errors and safety',
    panels: [
      {
        title: 'Stage transactions by result',
        unit: 'reqps',
        queries: [
          q(
            'sum by (stage, result) (rate(smsgw_kafka_transactions_total[5m]))',
            '{{stage}} {{result}}',
          ),
        ],
      },
      {
        title: 'Transaction time (p99)',
        unit: 's',
        queries: [
          q(
            'histogram_quantile(0.99, sum by (stage, le) (rate(smsgw_kafka_transaction_seconds_bucket[5m])))',
            '{{stage}}',
          ),
        ],
      },
      {
        title: 'Records per transaction (p50)',
        queries: [
          q(
            'histogram_quantile(0.5, sum by (stage, le) (rate(smsgw_kafka_transaction_batch_records_bucket[5m])))',
            '{{stage}}',
          ),
        ],
      },
      {
        title: 'Dead letters by stage and reason',
        queries: [
          q(
            'sum by (stage, reason) (increase(smsgw_dead_letters_total[1h]))',
            '{{stage}} {{reason}}',
          ),
        ],
      },
      {
        title: 'Consumer lag per partition',
        queries: [q('smsgw:consumer_lag:max', '{{stage}} p{{partition}}')],
      },
      {
        title: 'Redis command time (p99) by service',
        unit: 's',
        queries: [
          q(
            'histogram_quantile(0.99, sum by (service, le) (rate(smsgw_redis_command_seconds_bucket[5m])))',
            '{{service}}',
          ),
        ],
      },
      {
        title: 'Redis command errors',
        unit: 'reqps',
        sparse: true,
        queries: [
          q(
            'sum by (service, command) (rate(smsgw_redis_command_errors_total[5m]))',
            '{{service}} {{command}}',
          ),
        ],
      },
      {
        title: 'Redis connection errors',
        unit: 'reqps',
        queries: [
          q('sum by (service) (rate(smsgw_redis_connection_errors_total[5m]))', '{{service}}'),
        ],
      },
      {
        title: 'Redis safety (1 = AOF on / noeviction)',
        queries: [
          q('min(smsgw_redis_aof_enabled)', 'appendonly'),
          q('min(smsgw_redis_noeviction)', 'noeviction'),
        ],
      },
      {
        title: 'Event loop lag (p99) by service',
        unit: 's',
        queries: [q('max by (service) (smsgw_nodejs_eventloop_lag_p99_seconds)', '{{service}}')],
      },
      {
        title: 'Resident memory by service',
        unit: 'bytes',
        queries: [q('sum by (service) (smsgw_process_resident_memory_bytes)', '{{service}}')],
      },
    ],
  },
];

/** The Grafana JSON model of `spec` (schema 39, Grafana 10/11), on the `prometheus` datasource. */
export function renderDashboard(spec: DashboardSpec): Record<string, unknown> {
  const datasource = { type: 'prometheus', uid: '${datasource}' };
  return {
    uid: spec.uid,
    title: spec.title,
    description: spec.description,
    tags: ['smsgw'],
    schemaVersion: 39,
    version: 1,
    editable: false,
    time: { from: 'now-1h', to: 'now' },
    refresh: '30s',
    templating: {
      list: [
        {
          name: 'datasource',
          type: 'datasource',
          query: 'prometheus',
          label: 'Prometheus',
          current: {},
        },
      ],
    },
    panels: spec.panels.map((p, i) => ({
      id: i + 1,
      type: p.kind ?? 'timeseries',
      title: p.title,
      datasource,
      gridPos: { h: 8, w: 12, x: (i % 2) * 12, y: Math.floor(i / 2) * 8 },
      fieldConfig: { defaults: { unit: p.unit ?? 'short' }, overrides: [] },
      options: {},
      targets: p.queries.map((t, j) => ({
        refId: String.fromCharCode(65 + j),
        datasource,
        expr: t.expr,
        legendFormat: t.legend,
      })),
    })),
  };
}
