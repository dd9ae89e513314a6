import { execFileSync, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createConsentClient, createHealthClient, type ConsentClient } from '@smsgw/grpc';
import { freePort } from '@smsgw/local-stack';
import { startSmscSimulator, type SmscSimulator } from '@smsgw/smpp';
import { testNumber, uniqueName, waitFor } from '@smsgw/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DASHBOARDS } from '../../deploy/grafana/dashboards.js';
import { startTestGateway, type TestGateway } from '../e2e/gateway-fixture.js';
import { startPrometheus, type PrometheusServer } from './prometheus-server.js';
import { ensurePrometheusTools, metricNames, readRules } from './prometheus-tools.js';

// Proven live: a real Prometheus with the project's scrape configuration and rules scrapes the
// running gateway (ingress, compliance, dispatcher as processes on the real Kafka and Redis)
// while traffic flows; every dashboard query must return data, every metric a dashboard or a
// rule reads must be exported, and the alerts of two faults (an SMSC that goes away, a frozen
// stage) must become pending or firing. The services run as the production build (`npm run
// build`: bundled JavaScript, no TypeScript loader), the form a container image runs.

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
let simulator: SmscSimulator;
let gateway: TestGateway;
let prometheus: PrometheusServer;
let consent: ConsentClient;
const ports = { ingress: 0, compliance: 0, dispatcher: 0, grpc: 0, prometheus: 0 };

beforeAll(async () => {
  ensurePrometheusTools();
  execFileSync('npm', ['run', '--silent', 'build'], { cwd: REPO_ROOT, stdio: 'ignore' });
  process.env.SMSGW_SERVICE_BUILD = 'dist';
  for (const k of Object.keys(ports) as (keyof typeof ports)[]) ports[k] = await freePort();
  simulator = await startSmscSimulator({
    credentials: { systemId: 'smsgw', password: 'secret' },
    behaviour: { dlr: { delayMs: 50, idFormat: 'hex' } },
  });
  gateway = await startTestGateway({
    extraEnv: { SMSGW_KAFKA_NAMESPACE: uniqueName('ops') },
    simulator,
    metricsPorts: ports,
    complianceGrpcPort: ports.grpc,
  });
  consent = createConsentClient(`127.0.0.1:${ports.grpc}`, 'dev-acme-token');
  prometheus = await startPrometheus(ports.prometheus, [
    { service: 'ingress', port: ports.ingress },
    { service: 'compliance', port: ports.compliance },
    { service: 'dispatcher', port: ports.dispatcher },
  ]);
  await driveTraffic();
});

afterAll(async () => {
  delete process.env.SMSGW_SERVICE_BUILD;
  consent?.close();
  await prometheus?.stop();
  await gateway?.stop();
  await simulator?.close();
});

/** Every kind of traffic the dashboards show: delivered, refused at ingress and by compliance, an opt-out. */
async function driveTraffic(): Promise<void> {
  const { client } = gateway;
  const sent = await Promise.all(
    Array.from({ length: 20 }, (_, i) =>
      client.sendMessage({
        to: testNumber(i),
        from: 'Acme',
        body: `Acme: your code is ${1000 + i}`,
        category: 'TRANSACTIONAL',
      }),
    ),
  );
  await client
    .sendMessage({ to: 'not-a-number', from: 'Acme', body: 'x', category: 'TRANSACTIONAL' })
    .catch(() => undefined); // refused at ingress: counted by reason
  await client.sendMessage({
    to: testNumber(60),
    from: 'Acme',
    body: 'Acme: 20% off today. Reply STOP to opt out',
    category: 'MARKETING',
  }); // no consent: refused by compliance
  const optOut = '+12025550173'; // outside testNumber's range, which other suites send to
  await consent.recordConsent(optOut, 'PURPOSE_MARKETING', 'checkout');
  expect(await simulator.sendMo({ from: optOut, to: '12345', text: 'Stop' })).toEqual([0]);
  await waitFor(
    async () => (await client.getMessage(sent[19]?.messageId ?? '')).state === 'DELIVERED',
    { timeoutMs: 60_000, what: 'traffic delivered' },
  );
  await waitFor(() => simulator.received.some((r) => r.destinationAddr === optOut.slice(1)), {
    timeoutMs: 60_000,
    what: 'opt-out confirmation at the SMSC',
  });
}

describe('the live gateway scraped by the project’s Prometheus', () => {
  it('reports every service ready over HTTP and gRPC health while its dependencies are up', async () => {
    for (const port of [ports.ingress, ports.compliance, ports.dispatcher]) {
      const ready = await fetch(`http://127.0.0.1:${port}/readyz`);
      expect(ready.status, `readyz on ${port}`).toBe(200);
      expect((await fetch(`http://127.0.0.1:${port}/livez`)).status, `livez on ${port}`).toBe(200);
    }
    const health = createHealthClient(`127.0.0.1:${ports.grpc}`);
    try {
      expect(await health.check('smsgw.v1.ConsentService')).toBe('SERVING');
    } finally {
      health.close();
    }
  });

  it('exports promtool-clean metrics on every service', async () => {
    for (const [service, port] of Object.entries({
      ingress: ports.ingress,
      compliance: ports.compliance,
      dispatcher: ports.dispatcher,
    })) {
      const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
      const r = spawnSync('promtool', ['check', 'metrics'], { input: text, encoding: 'utf8' });
      expect(`${r.stdout}${r.stderr}`, service).toBe('');
      expect(r.status, service).toBe(0);
    }
  });

  it('exports every metric that a dashboard panel or a rule reads', async () => {
    const recorded = new Set(readRules('recording.yml').map((r) => r.record));
    const exprs = [
      ...DASHBOARDS.flatMap((d) => d.panels.flatMap((p) => p.queries.map((q) => q.expr))),
      ...readRules('recording.yml').map((r) => r.expr),
      ...readRules('alerts.yml').map((r) => r.expr),
    ];
    const read = [...new Set(exprs.flatMap(metricNames))].filter(
      (n) => n !== 'up' && !recorded.has(n),
    );
    const unexported = async (): Promise<string[]> => {
      const exported = await prometheus.exportedMetrics();
      return read.filter((n) => !exported.has(n));
    };
    // Each target's metadata appears at its first scrape: wait for all three, then compare.
    const missing = await waitFor(
      async () => {
        const m = await unexported();
        return m.length === 0 ? m : undefined;
      },
      { timeoutMs: 30_000, intervalMs: 1000, what: 'every read metric exported' },
    ).catch(unexported);
    expect(read.length).toBeGreaterThan(40);
    expect(missing).toEqual([]);
  });

  it('answers every dashboard panel query with data', async () => {
    const panels = DASHBOARDS.flatMap((d) =>
      d.panels.filter((p) => !p.sparse).flatMap((p) => p.queries.map((q) => `${d.uid}: ${q.expr}`)),
    );
    const empty = await waitFor(
      async () => {
        const still: string[] = [];
        for (const entry of panels) {
          const expr = entry.slice(entry.indexOf(': ') + 2);
          if ((await prometheus.query(expr)).length === 0) still.push(entry);
        }
        return still.length === 0 ? still : undefined;
      },
      { timeoutMs: 90_000, intervalMs: 2000, what: 'every panel query to return data' },
    ).catch(async () => {
      const still: string[] = [];
      for (const entry of panels)
        if ((await prometheus.query(entry.slice(entry.indexOf(': ') + 2))).length === 0)
          still.push(entry);
      return still;
    });
    expect(empty).toEqual([]);
    const all = DASHBOARDS.flatMap((d) => d.panels.flatMap((p) => p.queries)).length;
    process.stdout.write(
      `live check: ${panels.length - empty.length}/${panels.length} panel queries returned data (${all - panels.length} of ${all} counting rare errors: checked as exported only)\n`,
    );
  });

  it('raises SmscConnectorDown and marks the dispatcher not ready when the SMSC goes away', async () => {
    await simulator.close();
    const alert = await waitFor(
      async () =>
        (await prometheus.alerts()).find(
          (a) => a.labels.alertname === 'SmscConnectorDown' && a.labels.connector === 'default',
        ),
      { timeoutMs: 60_000, intervalMs: 500, what: 'SmscConnectorDown pending or firing' },
    );
    expect(['pending', 'firing']).toContain(alert.state);
    const ready = await fetch(`http://127.0.0.1:${ports.dispatcher}/readyz`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toMatchObject({ checks: { 'connector-bound': false } });
    // The gRPC health status follows readiness: a load balancer takes the instance out.
    const line = await gateway.stack.services
      .find((s) => s.name === 'dispatcher')
      ?.waitForLine(/"adminPort":\d+/);
    const health = createHealthClient(`127.0.0.1:${/"adminPort":(\d+)/.exec(line ?? '')?.[1]}`);
    try {
      await waitFor(async () => (await health.check()) === 'NOT_SERVING', {
        timeoutMs: 10_000,
        what: 'dispatcher gRPC health NOT_SERVING',
      });
    } finally {
      health.close();
    }
  });

  it('raises SmsgwServiceDown for a frozen stage (SIGSTOP) and clears it after SIGCONT', async () => {
    const compliance = gateway.stack.services.find((s) => s.name === 'compliance');
    compliance?.pause();
    try {
      const alert = await waitFor(
        async () =>
          (await prometheus.alerts()).find(
            (a) => a.labels.alertname === 'SmsgwServiceDown' && a.labels.service === 'compliance',
          ),
        { timeoutMs: 60_000, intervalMs: 500, what: 'SmsgwServiceDown pending or firing' },
      );
      expect(['pending', 'firing']).toContain(alert.state);
    } finally {
      compliance?.resume();
    }
    await waitFor(
      async () =>
        !(await prometheus.alerts()).some(
          (a) => a.labels.alertname === 'SmsgwServiceDown' && a.labels.service === 'compliance',
        ),
      { timeoutMs: 60_000, intervalMs: 500, what: 'SmsgwServiceDown cleared' },
    );
  });
});
