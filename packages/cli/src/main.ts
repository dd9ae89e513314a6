import { createContext, EXIT } from './context.js';
import { runProgram } from './program.js';

/** Composition root of the CLI: the environment and streams in, an exit code out. */
export async function main(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): Promise<number> {
  const ctx = createContext(env, { stdout: process.stdout, stderr: process.stderr });
  // The first ^C stops a long command at its next checkpoint; a second one stops at once.
  const onInterrupt = (): void => {
    if (ctx.interrupted.value) process.exit(EXIT.interrupted);
    ctx.interrupted.value = true;
  };
  process.on('SIGINT', onInterrupt);
  try {
    return await runProgram(ctx, argv);
  } finally {
    process.off('SIGINT', onInterrupt);
  }
}
