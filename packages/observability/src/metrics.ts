import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Gauge, Registry, collectDefaultMetrics } from 'prom-client';
import type { Probes } from './probes.js';

export { Counter, Gauge, Histogram, Registry } from 'prom-client';

/** A registry per service, with process metrics prefixed `smsgw_`. */
export function createMetricsRegistry(service: string): Registry {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  collectDefaultMetrics({ register: registry, prefix: 'smsgw_' });
  dropCountingGauges(registry);
  return registry;
}

/**
 * prom-client exports three gauges whose names end in `_total` (`nodejs_active_handles_total`…),
 * which Prometheus reserves for counters (`promtool check metrics` fails on them). Each repeats
 * the sum of a gauge it also exports without the suffix (`nodejs_active_handles` by type), so
 * they are dropped.
 */
function dropCountingGauges(registry: Registry): void {
  for (const what of ['handles', 'requests', 'resources'])
    registry.removeSingleMetric(`smsgw_nodejs_active_${what}_total`);
}

/**
 * The metric `name` of `registry`, made by `make` the first time: components that several
 * instances share a registry with (two stages in compliance) register their metrics once.
 */
export function metricOnce<T>(registry: Registry, name: string, make: () => T): T {
  return (registry.getSingleMetric(name) as T | undefined) ?? make();
}

/** A running /metrics endpoint. */
export interface MetricsServer {
  port: number;
  close(): Promise<void>;
}

/** Where {@link startMetricsServer} listens and what its probes read. */
export interface MetricsServerOptions {
  /** Default 0.0.0.0 (a scraper and the kubelet reach it from outside the pod). */
  host?: string;
  /** Answers of `/readyz` and `/livez`; without them both answer 200 while the process runs. */
  probes?: Probes;
}

/**
 * Serves `GET /metrics` (Prometheus text), `GET /readyz` (200 when every readiness check passes,
 * else 503; the body names each check), `GET /livez` (the same for liveness) and `GET /healthz`
 * (an alias of `/livez`) on `port` (0: any free port).
 */
export async function startMetricsServer(
  registry: Registry,
  port: number,
  options: MetricsServerOptions = {},
): Promise<MetricsServer> {
  const { probes } = options;
  if (probes) exportProbes(registry, probes);
  const probe = (res: ServerResponse, which: 'readiness' | 'liveness'): void => {
    const answer = probes ? probes[which]() : Promise.resolve({ ok: true, checks: {} });
    void answer.then(({ ok, checks }) =>
      res
        .writeHead(ok ? 200 : 503, { 'content-type': 'application/json' })
        .end(JSON.stringify({ status: ok ? 'ok' : 'failing', checks })),
    );
  };
  const server: Server = createServer((req, res) => {
    if (req.url === '/metrics') {
      registry.metrics().then(
        (text) => res.writeHead(200, { 'content-type': registry.contentType }).end(text),
        () => res.writeHead(500).end(),
      );
    } else if (req.url === '/readyz') probe(res, 'readiness');
    else if (req.url === '/livez' || req.url === '/healthz') probe(res, 'liveness');
    else res.writeHead(404).end();
  });
  const host = options.host ?? '0.0.0.0';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/**
 * Each probe check as a gauge (1 passing, 0 failing), read at the scrape: alerts and dashboards
 * see which dependency a service lacks (`smsgw_readiness_check{check="redis"} == 0`).
 */
function exportProbes(registry: Registry, probes: Probes): void {
  for (const which of ['readiness', 'liveness'] as const) {
    const name = `smsgw_${which}_check`;
    if (registry.getSingleMetric(name)) registry.removeSingleMetric(name);
    new Gauge({
      name,
      help: `Whether each ${which} check of the service passes (1) or fails (0)`,
      labelNames: ['check'],
      registers: [registry],
      async collect() {
        const { checks } = await probes[which]();
        for (const [check, ok] of Object.entries(checks)) this.set({ check }, ok ? 1 : 0);
      },
    });
  }
}

/** Latency buckets in seconds, from 0.5 ms to 10 s. */
export const LATENCY_BUCKETS_SECONDS = [
  0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10,
];
