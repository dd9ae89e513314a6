import { Counter, Histogram, LATENCY_BUCKETS_SECONDS, type Registry } from '@smsgw/observability';

/** Ingress metrics (no phone numbers or message ids as labels). */
export function createIngressMetrics(registry: Registry) {
  return {
    requests: new Counter({
      name: 'smsgw_ingress_requests_total',
      help: 'gRPC calls by method and status code',
      labelNames: ['method', 'code'],
      registers: [registry],
    }),
    accepted: new Counter({
      name: 'smsgw_ingress_messages_accepted_total',
      help: 'Messages accepted into Kafka',
      labelNames: ['tenant', 'category'],
      registers: [registry],
    }),
    rejected: new Counter({
      name: 'smsgw_ingress_messages_rejected_total',
      help: 'Messages refused at ingress by reason code',
      labelNames: ['reason'],
      registers: [registry],
    }),
    acceptLatency: new Histogram({
      name: 'smsgw_ingress_accept_latency_seconds',
      help: 'Time from request to Kafka acknowledgement',
      labelNames: ['method'],
      buckets: LATENCY_BUCKETS_SECONDS,
      registers: [registry],
    }),
    projected: new Counter({
      name: 'smsgw_ingress_status_events_projected_total',
      help: 'Status events written to the Redis projection',
      registers: [registry],
    }),
  };
}

export type IngressMetrics = ReturnType<typeof createIngressMetrics>;
