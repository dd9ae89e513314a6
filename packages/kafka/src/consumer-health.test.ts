import { EventEmitter } from 'node:events';
import type { Consumer } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { watchConsumer } from './consumer-health.js';

// kafkajs instrumentation events are plain emitter events: the consumer's own `on` and names.
const EVENTS = {
  GROUP_JOIN: 'consumer.group_join',
  STOP: 'consumer.stop',
  FETCH_START: 'consumer.fetch_start',
  CRASH: 'consumer.crash',
};

function fakeConsumer() {
  const emitter = new EventEmitter();
  const consumer = {
    events: EVENTS,
    on: (event: string, listener: (e: unknown) => void) => emitter.on(event, listener),
  } as unknown as Consumer;
  return { consumer, emit: (event: string, payload: object) => emitter.emit(event, { payload }) };
}

describe('consumer health from kafkajs events', () => {
  it('a crash kafkajs restarts from is not giving up; one it does not restart from is', async () => {
    const { consumer, emit } = fakeConsumer();
    const health = watchConsumer(consumer);
    const outcome = Promise.race([health.gaveUp, Promise.resolve('still running')]);
    emit(EVENTS.GROUP_JOIN, {});
    emit(EVENTS.CRASH, { error: new Error('broker gone'), restart: true });
    expect(await outcome).toBe('still running');
    expect(health.crashed).toBe(false);

    const fatal = new Error('not retriable');
    emit(EVENTS.CRASH, { error: fatal, restart: false });
    expect(await health.gaveUp).toBe(fatal);
    expect(health.crashed).toBe(true);
    expect(health.joined).toBe(false);
  });
});
