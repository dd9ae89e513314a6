import { readErrorReasons, type ServiceError } from '@smsgw/grpc';

/** Prints a refused call's status and reasons to stderr and sets a failing exit code. */
export function printRefusal(err: unknown): void {
  const e = err as ServiceError;
  console.error(`refused: ${e.details ?? e.message}`);
  for (const r of readErrorReasons(e)) console.error(`  ${r.code} (${r.field}): ${r.message}`);
  process.exitCode = 1;
}
