import { clientTlsFromEnv, GrpcStatus, readErrorReasons, type ClientTls } from '@smsgw/grpc';
import type { Command } from 'commander';

/** Exit codes of every command (the README lists them). */
export const EXIT = {
  ok: 0,
  /** The gateway answered with a refusal (or some rows of a file were refused). */
  refused: 1,
  /** Bad flags or arguments. */
  usage: 2,
  /** The gateway could not be reached (UNAVAILABLE, DEADLINE_EXCEEDED). */
  unreachable: 3,
  /** Stopped by SIGINT (an import keeps its checkpoint). */
  interrupted: 130,
} as const;

/** Where the CLI talks to and how it writes: built once from the environment. */
export interface Context {
  env: Readonly<Record<string, string | undefined>>;
  tls: ClientTls | undefined;
  /** A line on standard output (results: human text, or one JSON value per line). */
  out(line: string): void;
  /** A line on standard error (progress and diagnostics). */
  err(line: string): void;
  /** Whether standard error is a terminal (progress bars only then). */
  interactive: boolean;
  /** Set by SIGINT: long commands stop at their next checkpoint. */
  interrupted: { value: boolean };
  /** The exit code of the command that ran. */
  exitCode: number;
}

/** A commander action from a command that resolves with its exit code. */
export function act<A extends unknown[]>(
  ctx: Context,
  run: (...args: A) => Promise<number>,
): (...args: A) => Promise<void> {
  return async (...args: A) => {
    ctx.exitCode = await run(...args);
  };
}

/** The options every command that calls the gateway takes. */
export interface Connection {
  address: string;
  token?: string;
  json?: boolean;
}

/**
 * Adds --address (default from the service's env var, then the local stack's), --token (read
 * from `tokenEnv` at run time, so a token never shows in --help) and --json to a command.
 */
export function withConnection(
  command: Command,
  ctx: Context,
  service: keyof typeof ADDRESSES,
  tokenEnv: 'SMSGW_TOKEN' | 'SMSGW_ADMIN_TOKEN',
): Command {
  const [env, fallback] = ADDRESSES[service];
  const who = tokenEnv === 'SMSGW_TOKEN' ? 'tenant' : 'operator';
  return command
    .option('--address <host:port>', service, ctx.env[env] ?? fallback)
    .option('--token <token>', `${who} token (default: $${tokenEnv})`)
    .option('--json', 'one JSON value per line');
}

/** The token a command uses: --token, else the env var. */
export const tokenOf = (ctx: Context, o: Connection, tokenEnv: string): string =>
  o.token ?? ctx.env[tokenEnv] ?? '';

/** The defaults of the local stack (`npm start`); the env vars say where else. */
export const ADDRESSES = {
  ingress: ['SMSGW_INGRESS_ADDRESS', '127.0.0.1:50051'],
  compliance: ['SMSGW_COMPLIANCE_ADDRESS', '127.0.0.1:50052'],
  admin: ['SMSGW_ADMIN_ADDRESS', '127.0.0.1:50053'],
} as const;

export function createContext(
  env: Readonly<Record<string, string | undefined>>,
  streams: { stdout: NodeJS.WritableStream; stderr: NodeJS.WriteStream | NodeJS.WritableStream },
): Context {
  return {
    env,
    tls: clientTlsFromEnv(env),
    out: (line) => streams.stdout.write(`${line}\n`),
    err: (line) => streams.stderr.write(`${line}\n`),
    interactive: (streams.stderr as NodeJS.WriteStream).isTTY === true,
    interrupted: { value: false },
    exitCode: EXIT.ok,
  };
}

/** A gRPC failure as an exit code, its status and reasons written to standard error. */
export function reportFailure(ctx: Context, err: unknown, json: boolean): number {
  const e = err as { code?: number; details?: string; message?: string };
  if (typeof e.code !== 'number') throw err;
  const reasons = readErrorReasons(err as never);
  const status = GrpcStatus[e.code] ?? String(e.code);
  if (json) ctx.out(JSON.stringify({ error: { status, details: e.details, reasons } }));
  else {
    ctx.err(`refused: ${status}: ${e.details ?? e.message ?? ''}`);
    for (const r of reasons) ctx.err(`  ${r.code}${r.field ? ` (${r.field})` : ''}: ${r.message}`);
  }
  const unreachable = [GrpcStatus.UNAVAILABLE, GrpcStatus.DEADLINE_EXCEEDED].includes(e.code);
  return unreachable ? EXIT.unreachable : EXIT.refused;
}
