import { execFileSync, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

/** The repository's deploy/ folder. */
export const DEPLOY = fileURLToPath(new URL('../../deploy/', import.meta.url));

const has = (tool: string): boolean => spawnSync(tool, ['--version']).status === 0;

/**
 * Makes sure promtool and prometheus (Debian's `prometheus` package) are installed: installs them
 * with apt when running as root, else fails saying what to install.
 */
export function ensurePrometheusTools(): void {
  if (has('promtool') && has('prometheus')) return;
  if (process.getuid?.() !== 0 || !has('apt-get'))
    throw new Error(
      "promtool/prometheus not found: install Debian's prometheus package (apt-get install prometheus)",
    );
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'ignore', env });
  execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', 'prometheus'], {
    stdio: 'ignore',
    env,
  });
}

/** Runs promtool; returns its exit code and output. */
export function promtool(...args: string[]): { status: number; output: string } {
  const r = spawnSync('promtool', args, { cwd: DEPLOY, encoding: 'utf8' });
  return { status: r.status ?? -1, output: `${r.stdout}${r.stderr}` };
}

/** A rule of deploy/prometheus/rules/*.yml. */
export interface Rule {
  alert?: string;
  record?: string;
  expr: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

/** Every rule of a rules file. */
export function readRules(file: string): Rule[] {
  const text = execFileSync('cat', [`${DEPLOY}prometheus/rules/${file}`], { encoding: 'utf8' });
  const doc = parse(text) as { groups: { rules: Rule[] }[] };
  return doc.groups.flatMap((g) => g.rules);
}

/** Metric names a PromQL expression reads (identifiers followed by a selector or range, not functions). */
export function metricNames(expr: string): string[] {
  const names = new Set<string>();
  const withoutStrings = expr.replace(/"[^"]*"/g, '""');
  for (const m of withoutStrings.matchAll(/\b(smsgw[:_][a-zA-Z0-9_:]*|up)\b(?!\s*\()/g))
    names.add(m[1] as string);
  return [...names];
}
