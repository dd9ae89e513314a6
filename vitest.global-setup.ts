import type { TestProject } from 'vitest/node';
import { startLocalStack, type LocalStack } from '@smsgw/local-stack';

import '@smsgw/testkit';

// Vitest may load this file once per project: the shared state lives on globalThis, so every
// project of the run gets the same broker and Redis.
const shared = globalThis as {
  smsgwTestStack?: { stack: Promise<LocalStack> | undefined; users: number };
};
const state = (shared.smsgwTestStack ??= { stack: undefined, users: 0 });

/**
 * Starts the real Kafka broker and Redis once for the whole run (or uses SMSGW_KAFKA_BROKERS /
 * SMSGW_REDIS_URL). SMSGW_TEST_STACK=none skips it for unit-only runs.
 */
export async function setup(project: TestProject): Promise<void | (() => Promise<void>)> {
  if (process.env.SMSGW_TEST_STACK === 'none') return;
  state.users++;
  // Each project runs the global setup; they share one stack and the last teardown stops it.
  state.stack ??= startLocalStack({
    env: process.env,
    log: (line) => console.log(`[test stack] ${line}`),
  });
  const running = await state.stack;
  project.provide('kafkaBrokers', running.kafkaBrokers);
  project.provide('redisUrl', running.redisUrl);
  return async () => {
    state.users--;
    if (state.users === 0 && state.stack) {
      const done = state.stack;
      state.stack = undefined;
      await (await done).stop();
    }
  };
}
