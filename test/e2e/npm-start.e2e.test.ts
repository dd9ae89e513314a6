import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { freePort } from '@smsgw/local-stack';
import { waitFor } from '@smsgw/testkit';
import { afterAll, describe, expect, it } from 'vitest';

// The README's first command as an operator or a process manager runs it: signals go to the npm
// process's own PID, not to a terminal's process group (issue 19: SIGTERM left 7 of 8
// processes running, SIGINT did nothing, and a stage that died stayed dead).
const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Every process below `root` (by parent pid), with its command line. */
function descendants(root: number): Map<number, string> {
  const table = execFileSync('ps', ['-eo', 'pid=,ppid=,args='], { encoding: 'utf8' })
    .split('\n')
    .map((line) => /^\s*(\d+)\s+(\d+)\s+(.*)$/.exec(line))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ pid: Number(m[1]), ppid: Number(m[2]), args: m[3] ?? '' }));
  const found = new Map<number, string>();
  for (let grew = true; grew;) {
    grew = false;
    for (const p of table)
      if ((p.ppid === root || found.has(p.ppid)) && !found.has(p.pid)) {
        found.set(p.pid, p.args);
        grew = true;
      }
  }
  return found;
}

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

async function startNpmStart(): Promise<{ child: ChildProcess; output: () => string }> {
  const env: Record<string, string | undefined> = { ...process.env, CI: 'true' };
  delete env.SMSGW_KAFKA_BROKERS; // its own broker and Redis, as on a fresh machine
  delete env.SMSGW_REDIS_URL;
  for (const name of [
    'SMSGW_INGRESS_GRPC_PORT',
    'SMSGW_SIMULATOR_PORT',
    'SMSGW_INGRESS_METRICS_PORT',
    'SMSGW_COMPLIANCE_METRICS_PORT',
    'SMSGW_DISPATCHER_METRICS_PORT',
    'SMSGW_SIMULATOR_METRICS_PORT',
    'SMSGW_COMPLIANCE_GRPC_PORT',
    'SMSGW_DISPATCHER_ADMIN_PORT',
  ])
    env[name] = String(await freePort());
  const child = spawn('npm', ['start'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let text = '';
  child.stdout?.on('data', (d: Buffer) => (text += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (text += d.toString()));
  return { child, output: () => text };
}

const started: ChildProcess[] = [];
afterAll(() => {
  for (const child of started) if (child.exitCode === null) child.kill('SIGKILL');
});

describe('npm start under a process manager', () => {
  it.each(['SIGTERM', 'SIGINT'] as const)(
    'restarts a stage that dies, and leaves no process behind on %s to the npm process',
    async (signal) => {
      const { child, output } = await startNpmStart();
      started.push(child);
      await waitFor(() => output().includes('stops everything'), {
        timeoutMs: 150_000,
        intervalMs: 200,
        what: 'npm start up and its demo delivered',
      }).catch((err: unknown) => {
        throw new Error(`${(err as Error).message}; it printed:\n${output().slice(-3000)}`);
      });
      expect(output()).toContain('demo message DELIVERED');
      const pid = child.pid as number;
      const dispatcher = [...descendants(pid)].find(([, args]) =>
        args.includes('services/dispatcher/src/main.ts'),
      );
      expect(dispatcher).toBeDefined();
      process.kill(dispatcher?.[0] as number, 'SIGKILL');
      await waitFor(() => output().match(/dispatcher started/g)?.length === 2, {
        timeoutMs: 60_000,
        what: 'the dispatcher restarted',
      });
      expect(output()).toMatch(/dispatcher exited \(signal SIGKILL\); restarting/);
      const processes = descendants(pid);
      expect([...processes.values()].filter((a) => a.includes('/src/main.ts'))).toHaveLength(4);
      const exited = new Promise<number | null>((resolve) =>
        child.once('exit', (code) => resolve(code)),
      );
      child.kill(signal);
      expect(await exited).toBe(0);
      await waitFor(() => [...processes.keys()].every((p) => !alive(p)), {
        timeoutMs: 10_000,
        what: 'every process of the stack gone',
      });
      expect([...processes.keys()].filter(alive)).toEqual([]);
    },
    240_000,
  );
});
