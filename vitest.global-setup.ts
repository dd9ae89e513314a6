import type { TestProject } from 'vitest/node';
import { startLocalStack, type LocalStack } from '@smsgw/local-stack';

import '@smsgw/testkit';

let stack: Promise<LocalStack> | undefined;
let users = 0;

/**
 * Starts the real Kafka broker and Redis once for the whole run (or uses SMSGW_KAFKA_BROKERS /
 * SMSGW_REDIS_URL). SMSGW_TEST_STACK=none skips it for unit-only runs.
 */
export async function setup(project: TestProject): Promise<void | (() => Promise<void>)> {
  if (process.env.SMSGW_TEST_STACK === 'none') return;
  users++;
  // Each project runs the global setup; they share one stack and the last teardown stops it.
  stack ??= startLocalStack({ env: process.env, log: (line) => console.log(`[test stack] ${line}`) });
  const running = await stack;
  project.provide('kafkaBrokers', running.kafkaBrokers);
  project.provide('redisUrl', running.redisUrl);
  return async () => {
    users--;
    if (users === 0 && stack) {
      const done = stack;
      stack = undefined;
      await (await done).stop();
    }
  };
}
