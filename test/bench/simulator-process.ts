// The SMSC simulator in its own process for benchmarks: the dispatcher under test and the SMSC
// do not share one event loop (as in production, and as the raw smpp peer runs its server).
// The parent asks for a report over IPC; the child keeps every submit to check duplicates.
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { startSmscSimulator } from '@smsgw/smpp';

/** What the simulator process has received so far. */
export interface SimulatorReport {
  received: number;
  /** Texts received more than once. */
  duplicates: number;
  firstAtMs: number;
  lastAtMs: number;
}

/** A simulator running in a child process. */
export interface SimulatorProcess {
  port: number;
  pid: number;
  report(): Promise<SimulatorReport>;
  close(): Promise<void>;
}

const CREDENTIALS = { systemId: 'gw', password: 'pw' };

/** Starts the simulator in a child process (credentials gw / pw). */
export async function startSimulatorProcess(): Promise<SimulatorProcess> {
  const child: ChildProcess = fork(fileURLToPath(import.meta.url), ['serve'], {
    execArgv: [
      ...(process.env.SMSGW_BENCH_SIMULATOR_NODE_ARGS?.split(' ').filter(Boolean) ?? []),
      '--import',
      'tsx',
    ],
  });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('message', (m) => resolve(Number((m as { port: number }).port)));
    child.once('exit', (code) => reject(new Error(`simulator process exited with ${code}`)));
  });
  return {
    port,
    pid: child.pid as number,
    report: () =>
      new Promise<SimulatorReport>((resolve) => {
        child.once('message', (m) => resolve(m as SimulatorReport));
        child.send('report');
      }),
    close: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill();
      }),
  };
}

async function serve(): Promise<void> {
  // Nothing retained per submit: the SMSC stand-in should cost the shared machine no more than it must.
  const simulator = await startSmscSimulator({ credentials: CREDENTIALS, retainSubmits: false });
  // Bench texts end with their message number: one bit each tells a duplicate, other texts go in a set.
  const seenNumbers = new Uint8Array(1 << 24);
  const seenTexts = new Set<string>();
  let duplicates = 0;
  let firstAtMs = 0;
  let lastAtMs = 0;
  simulator.on('submit', (submit) => {
    const n = Number(/ (\d+)$/.exec(submit.text)?.[1] ?? NaN);
    const seen =
      Number.isInteger(n) && n < seenNumbers.length
        ? seenNumbers[n] === 1
        : seenTexts.has(submit.text);
    if (seen) duplicates++;
    else if (Number.isInteger(n) && n < seenNumbers.length) seenNumbers[n] = 1;
    else seenTexts.add(submit.text);
    firstAtMs ||= submit.receivedAtMs;
    lastAtMs = submit.receivedAtMs;
  });
  process.on('message', () => {
    process.send?.({
      received: simulator.receivedCount,
      duplicates,
      firstAtMs,
      lastAtMs,
    } satisfies SimulatorReport);
  });
  // Exit normally on SIGTERM (close): profiles asked for with SMSGW_BENCH_SIMULATOR_NODE_ARGS are written.
  process.once('SIGTERM', () => void simulator.close().finally(() => process.exit(0)));
  process.send?.({ port: simulator.port });
}

if (process.argv[2] === 'serve') await serve();
