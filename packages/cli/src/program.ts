import { Command, CommanderError } from 'commander';
import { registerMessageCommands } from './commands/messages.js';
import { registerComplianceCommands } from './commands/compliance.js';
import { registerOperatorCommands } from './commands/operators.js';
import { EXIT, type Context } from './context.js';
import { UsageError } from './csv.js';

/** The whole command tree; errors are thrown (exitOverride), never `process.exit`. */
export function createProgram(ctx: Context): Command {
  const program = new Command('smsgw')
    .description('send and follow messages, evaluate and import consent, see binds, make tokens')
    .addHelpText(
      'after',
      [
        '',
        'Environment:',
        '  SMSGW_INGRESS_ADDRESS, SMSGW_COMPLIANCE_ADDRESS, SMSGW_ADMIN_ADDRESS  where to connect',
        '  SMSGW_TOKEN (tenant), SMSGW_ADMIN_TOKEN (operator)                   bearer tokens',
        '  SMSGW_CLIENT_TLS_CA_FILE (_CERT_FILE, _KEY_FILE, _SERVER_NAME)      TLS and mTLS',
        '',
        'Exit codes: 0 done, 1 refused, 2 usage, 3 unreachable, 130 interrupted.',
      ].join('\n'),
    )
    .showHelpAfterError()
    .exitOverride()
    .configureOutput({
      writeOut: (s) => ctx.out(s.trimEnd()),
      writeErr: (s) => ctx.err(s.trimEnd()),
    });
  registerMessageCommands(program, ctx);
  registerComplianceCommands(program, ctx);
  registerOperatorCommands(program, ctx);
  for (const command of program.commands) command.exitOverride();
  return program;
}

/** Runs `argv` and resolves with the exit code (help and version are a success). */
export async function runProgram(ctx: Context, argv: readonly string[]): Promise<number> {
  try {
    await createProgram(ctx).parseAsync([...argv]);
    return ctx.exitCode;
  } catch (err) {
    if (err instanceof CommanderError)
      return err.exitCode === 0 || err.code === 'commander.helpDisplayed' ? EXIT.ok : EXIT.usage;
    if (err instanceof UsageError) {
      ctx.err(`smsgw: ${err.message}`);
      return EXIT.usage;
    }
    throw err;
  }
}
