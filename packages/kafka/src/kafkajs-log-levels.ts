import { createRequire } from 'node:module';

type Level = 'error' | 'warn' | 'info' | 'debug';

/** kafkajs's protocol error table (`src/protocol/error.js`: code, type, message, retriable). */
const { errorCodes } = createRequire(import.meta.url)('kafkajs/src/protocol/error.js') as {
  errorCodes: { message: string; retriable: boolean }[];
};

/** Messages of the broker errors that kafkajs retries by itself (NOT_COORDINATOR, REBALANCE_IN_PROGRESS…). */
const RETRIABLE = new Set([
  ...errorCodes.filter((e) => e.retriable).map((e) => e.message),
  // Not retriable in kafkajs's table, but answered by a rejoin, which the consumer does itself.
  'The group is rebalancing, so a rejoin is needed',
  'The coordinator is not aware of this member',
]);

/** kafkajs lines that are routine in a group's life (logged by it at ERROR or WARN). */
const ROUTINE: readonly RegExp[] = [
  /^The group is rebalancing, re-joining/,
  /^The coordinator is not aware of this member, re-joining the group/,
];

/**
 * kafkajs lines about a request or connection it is about to retry (the final failure reaches our
 * code, which logs it): on a cluster, every client logs each refused connect to a lost node, and
 * readiness and the alerts, not these lines, say when a human is needed.
 */
const RETRYING: readonly RegExp[] = [
  /^Failed to send messages: /,
  /^Restarting the consumer in /,
  /^Connection error: /,
  /^Failed to connect to seed broker, trying another broker from the list: /,
];

/**
 * The level a kafkajs log line deserves. kafkajs logs every error answer of a request at ERROR
 * before it retries it, so every rebalance and every coordinator move printed errors that needed
 * no one (an alert on error logs would fire at each scale-out): a retriable broker answer, a
 * rejoin or a retry is logged at info or warn; what kafkajs gives up on stays an error, and so
 * does anything unknown.
 */
export function kafkajsLogLevel(
  level: Level,
  message: string,
  entry: Readonly<Record<string, unknown>>,
): Level {
  if (level !== 'error' && level !== 'warn') return level;
  if (ROUTINE.some((r) => r.test(message))) return 'info';
  if (
    message.startsWith('Response ') &&
    typeof entry.error === 'string' &&
    RETRIABLE.has(entry.error)
  )
    return 'info';
  if (RETRYING.some((r) => r.test(message))) return 'warn';
  if (typeof entry.error === 'string' && RETRIABLE.has(entry.error) && level === 'error')
    return 'warn';
  return level;
}
