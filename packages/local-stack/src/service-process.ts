import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { stopProcess, waitUntil } from './process-utils.js';

const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** A service started as its own process, the way it runs in production. */
export interface ServiceProcess {
  name: string;
  child: ChildProcess;
  /** Every line it printed so far (JSON logs). */
  readonly lines: readonly string[];
  /** Waits until a printed line matches `pattern`. */
  waitForLine(pattern: RegExp, timeoutMs?: number): Promise<string>;
  /** SIGTERM, then SIGKILL after `graceMs`. */
  stop(graceMs?: number): Promise<void>;
  /** SIGKILL at once (chaos). */
  kill(): Promise<void>;
  /** SIGSTOP: the process stays, frozen, with its sockets open (a stalled VM or a long pause; chaos). */
  pause(): void;
  /** SIGCONT after {@link pause}. */
  resume(): void;
}

/** Options for {@link startServiceProcess}. */
export interface ServiceProcessOptions {
  /** Folder under services/. */
  name: string;
  env: Record<string, string>;
  /** Called with each line the service prints. */
  onLine?: (line: string) => void;
}

/**
 * Spawns `services/<name>/src/main.ts` with `env` added to this process's environment; with
 * SMSGW_SERVICE_BUILD=dist, the production build instead (`services/<name>/dist/main.mjs`, plain
 * JavaScript from `npm run build`, no TypeScript loader).
 */
export function startServiceProcess(options: ServiceProcessOptions): ServiceProcess {
  // SMSGW_SERVICE_NODE_ARGS adds Node flags to every service (e.g. --cpu-prof for profiling).
  // A larger young generation: the services allocate many short-lived buffers per message and
  // the default 16 MiB semi-space makes them spend a sixth of their time in scavenges.
  const nodeArgs = [
    '--max-semi-space-size=32',
    ...(process.env.SMSGW_SERVICE_NODE_ARGS?.split(' ').filter(Boolean) ?? []),
  ];
  const entry =
    process.env.SMSGW_SERVICE_BUILD === 'dist'
      ? [`services/${options.name}/dist/main.mjs`]
      : ['--import', 'tsx', `services/${options.name}/src/main.ts`];
  const child = spawn(process.execPath, [...nodeArgs, ...entry], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
    // Own process group: Ctrl-C reaches only the orchestrator, which stops services in order.
    detached: true,
  });
  const lines: string[] = [];
  const collect = (stream: NodeJS.ReadableStream): void => {
    let partial = '';
    stream.on('data', (chunk: Buffer) => {
      const parts = (partial + chunk.toString()).split('\n');
      partial = parts.pop() ?? '';
      for (const line of parts) {
        lines.push(line);
        options.onLine?.(line);
      }
    });
  };
  collect(child.stdout as NodeJS.ReadableStream);
  collect(child.stderr as NodeJS.ReadableStream);
  const kill = (): void => void child.kill('SIGKILL');
  process.once('exit', kill);
  child.once('exit', () => process.removeListener('exit', kill));
  return {
    name: options.name,
    child,
    lines,
    async waitForLine(pattern, timeoutMs = 60_000) {
      let found: string | undefined;
      await waitUntil(
        () => (found = lines.find((l) => pattern.test(l))) !== undefined,
        timeoutMs,
        () => `${options.name}: waiting for ${pattern}\n${lines.slice(-20).join('\n')}`,
        child,
      );
      return found as string;
    },
    stop: (graceMs = 15_000) => stopProcess(child, graceMs),
    pause: () => void child.kill('SIGSTOP'),
    resume: () => void child.kill('SIGCONT'),
    async kill() {
      if (child.exitCode !== null) return;
      const exited = new Promise<void>((r) => child.once('exit', () => r()));
      child.kill('SIGKILL');
      await exited;
    },
  };
}
