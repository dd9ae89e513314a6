/** A named condition a service needs (readiness) or a sign it is making progress (liveness). */
export interface ProbeCheck {
  name: string;
  /** True when the condition holds. A check that throws or takes longer than 1 s fails. */
  check(): boolean | Promise<boolean>;
}

/** One probe's answer: whether it passes and which checks failed. */
export interface ProbeResult {
  ok: boolean;
  checks: Record<string, boolean>;
}

/**
 * Readiness (what the service needs: Kafka, Redis, a bound connector, a group membership) and
 * liveness (whether the process is making progress). Components add their checks as they start;
 * `/readyz`, `/livez` and the gRPC health status all read the same answers.
 */
export interface Probes {
  addReadiness(check: ProbeCheck): void;
  addLiveness(check: ProbeCheck): void;
  readiness(): Promise<ProbeResult>;
  liveness(): Promise<ProbeResult>;
  /** Calls `onChange` with each new readiness answer, checking every `intervalMs`; returns a stop function. */
  watchReadiness(intervalMs: number, onChange: (ready: boolean) => void): () => void;
}

const CHECK_TIMEOUT_MS = 1000;
/** The event loop counts as stuck when a 1 s timer fires this late. */
const EVENT_LOOP_STALL_MS = 10_000;

/** Probes with the event-loop liveness check built in. */
export function createProbes(): Probes {
  const ready: ProbeCheck[] = [];
  const live: ProbeCheck[] = [eventLoopCheck()];
  return {
    addReadiness: (c) => void ready.push(c),
    addLiveness: (c) => void live.push(c),
    readiness: () => run(ready),
    liveness: () => run(live),
    watchReadiness(intervalMs, onChange) {
      let last: boolean | undefined;
      let timer: NodeJS.Timeout | undefined;
      let stopped = false;
      const tick = (): void => {
        void run(ready).then(({ ok }) => {
          if (stopped) return;
          if (ok !== last) onChange(ok);
          last = ok;
          timer = setTimeout(tick, intervalMs);
          timer.unref();
        });
      };
      tick();
      return () => {
        stopped = true;
        if (timer) clearTimeout(timer);
      };
    },
  };
}

async function run(checks: readonly ProbeCheck[]): Promise<ProbeResult> {
  const answers = await Promise.all(checks.map((c) => withTimeout(c)));
  const result: ProbeResult = { ok: answers.every(Boolean), checks: {} };
  checks.forEach((c, i) => (result.checks[c.name] = answers[i] as boolean));
  return result;
}

async function withTimeout(c: ProbeCheck): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), CHECK_TIMEOUT_MS);
  });
  try {
    return await Promise.race([Promise.resolve().then(() => c.check()), timeout]);
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}

/** Fails while the event loop is blocked: a 1 s heartbeat timer that last fired too long ago. */
function eventLoopCheck(): ProbeCheck {
  let lastBeat = Date.now();
  setInterval(() => (lastBeat = Date.now()), 1000).unref();
  return { name: 'event-loop', check: () => Date.now() - lastBeat < EVENT_LOOP_STALL_MS };
}
