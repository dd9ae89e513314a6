import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { waitFor } from '@smsgw/testkit';
import { DEPLOY } from './prometheus-tools.js';

/** A real Prometheus (Debian's package) running the project's configuration and rules. */
export interface PrometheusServer {
  url: string;
  /** An instant query's result vector (throws on a query error). */
  query(expr: string): Promise<{ metric: Record<string, string>; value: [number, string] }[]>;
  /** Metric names the scraped targets expose (HELP/TYPE lines included, samples or not). */
  exportedMetrics(): Promise<Set<string>>;
  /** Alerts pending or firing. */
  alerts(): Promise<{ labels: Record<string, string>; state: string }[]>;
  stop(): Promise<void>;
}

/**
 * Starts Prometheus with deploy/prometheus/prometheus.yml and its rules as they are, except two
 * things a test needs: its own targets file, and 1 s scrape and evaluation intervals instead of
 * 15 s (so a fault shows within seconds).
 */
export async function startPrometheus(
  port: number,
  targets: { service: string; port: number }[],
): Promise<PrometheusServer> {
  const dir = mkdtempSync(join(tmpdir(), 'smsgw-prometheus-'));
  cpSync(`${DEPLOY}prometheus/rules`, join(dir, 'rules'), { recursive: true });
  cpSync(`${DEPLOY}prometheus/targets`, join(dir, 'targets'), { recursive: true });
  writeFileSync(
    join(dir, 'targets', 'local.json'),
    JSON.stringify(
      targets.map((t) => ({ targets: [`127.0.0.1:${t.port}`], labels: { service: t.service } })),
    ),
  );
  const config = readFileSync(`${DEPLOY}prometheus/prometheus.yml`, 'utf8')
    .replace(/scrape_interval: 15s/, 'scrape_interval: 1s')
    .replace(/scrape_timeout: 10s/, 'scrape_timeout: 900ms')
    .replace(/evaluation_interval: 15s/, 'evaluation_interval: 1s');
  writeFileSync(join(dir, 'prometheus.yml'), config);
  const child: ChildProcess = spawn(
    'prometheus',
    [
      `--config.file=${join(dir, 'prometheus.yml')}`,
      `--storage.tsdb.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
    ],
    { stdio: 'ignore' },
  );
  const url = `http://127.0.0.1:${port}`;
  const api = async <T>(path: string): Promise<T> => {
    const res = await fetch(`${url}${path}`);
    const body = (await res.json()) as { status: string; data: T; error?: string };
    if (body.status !== 'success') throw new Error(`${path}: ${body.error ?? res.status}`);
    return body.data;
  };
  await waitFor(() => fetch(`${url}/-/ready`).then((r) => r.ok), {
    timeoutMs: 60_000,
    what: 'Prometheus ready',
  });
  return {
    url,
    query: async (expr) =>
      (
        await api<{ result: { metric: Record<string, string>; value: [number, string] }[] }>(
          `/api/v1/query?query=${encodeURIComponent(expr)}`,
        )
      ).result,
    async exportedMetrics() {
      const data = await api<Record<string, unknown>>('/api/v1/metadata');
      // Histograms are announced under their base name; queries use the _bucket/_sum/_count series.
      return new Set(
        Object.keys(data).flatMap((n) => [n, `${n}_bucket`, `${n}_sum`, `${n}_count`]),
      );
    },
    alerts: async () =>
      (await api<{ alerts: { labels: Record<string, string>; state: string }[] }>('/api/v1/alerts'))
        .alerts,
    async stop() {
      child.kill('SIGTERM');
      await waitFor(() => child.exitCode !== null || child.signalCode !== null, {
        timeoutMs: 20_000,
        what: 'Prometheus stopped',
      });
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
