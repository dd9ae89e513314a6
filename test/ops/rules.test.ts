import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { DASHBOARDS, renderDashboard } from '../../deploy/grafana/dashboards.js';
import { DEPLOY, ensurePrometheusTools, promtool, readRules } from './prometheus-tools.js';

// The alerting rules, the scrape configuration and the dashboards as files: valid for
// Prometheus, every alert unit-tested (fires when it should, quiet when it should not), every
// alert with a severity, a summary and a runbook entry that exists.

beforeAll(() => ensurePrometheusTools(), 300_000);

describe('Prometheus rules and configuration', () => {
  it('passes promtool check config (scrape configuration and both rule files)', () => {
    const r = promtool('check', 'config', 'prometheus/prometheus.yml');
    expect(r.output).toContain('SUCCESS');
    expect(r.status).toBe(0);
  });

  it('passes promtool test rules: every alert fires on its fault and stays quiet otherwise', () => {
    const r = promtool('test', 'rules', 'prometheus/tests/alerts.test.yml');
    expect(r.output).toContain('SUCCESS');
    expect(r.status).toBe(0);
  });

  it('unit-tests every alert firing at least once', () => {
    const file = parse(readFileSync(`${DEPLOY}prometheus/tests/alerts.test.yml`, 'utf8')) as {
      tests: { alert_rule_test: { alertname: string; exp_alerts: unknown[] }[] }[];
    };
    const cases = file.tests.flatMap((t) => t.alert_rule_test);
    for (const { alert } of readRules('alerts.yml').filter((r) => r.alert))
      expect(
        cases.some((c) => c.alertname === alert && c.exp_alerts.length > 0),
        `${alert} fires in a test`,
      ).toBe(true);
  });

  it('gives every alert a severity, a summary and a runbook entry that exists', () => {
    const runbook = readFileSync(`${DEPLOY}runbooks/alerts.md`, 'utf8');
    const anchors = new Set([...runbook.matchAll(/^## (\S+)$/gm)].map((m) => m[1]?.toLowerCase()));
    const alerts = readRules('alerts.yml').filter((r) => r.alert);
    expect(alerts.length).toBeGreaterThanOrEqual(15);
    for (const a of alerts) {
      expect(['critical', 'warning'], `${a.alert} severity`).toContain(a.labels?.severity);
      expect(a.annotations?.summary, `${a.alert} summary`).toBeTruthy();
      const url = a.annotations?.runbook_url ?? '';
      expect(url, `${a.alert} runbook`).toMatch(/^deploy\/runbooks\/alerts\.md#/);
      expect(anchors, `${a.alert} runbook entry`).toContain(url.split('#')[1]);
    }
  });
});

describe('Grafana dashboards', () => {
  it('are committed exactly as deploy/grafana/dashboards.ts renders them (npm run generate:deploy)', () => {
    for (const spec of DASHBOARDS) {
      const committed = readFileSync(`${DEPLOY}grafana/dashboards/${spec.file}`, 'utf8');
      expect(JSON.parse(committed), spec.file).toEqual(renderDashboard(spec));
    }
  });

  it('cover traffic, carriers, compliance and Kafka/Redis, each panel with a query', () => {
    expect(DASHBOARDS.map((d) => d.uid)).toEqual([
      'smsgw-overview',
      'smsgw-carriers',
      'smsgw-compliance',
      'smsgw-kafka-redis',
    ]);
    for (const d of DASHBOARDS)
      for (const p of d.panels) expect(p.queries.length, `${d.uid}: ${p.title}`).toBeGreaterThan(0);
  });
});
