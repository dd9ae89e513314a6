import { describe, expect, it } from 'vitest';
import { kafkajsLogLevel } from './kafkajs-log-levels.js';

// The lines a scale-out printed at ERROR (issue: an alert on error logs fired on every rebalance).
describe('kafkajs log levels', () => {
  it.each([
    ['Response JoinGroup(key: 11, version: 5)', 'The group is rebalancing, so a rejoin is needed'],
    [
      'Response InitProducerId(key: 22, version: 1)',
      'This is not the correct coordinator for this group',
    ],
    [
      'Response OffsetFetch(key: 9, version: 7)',
      'There are unstable offsets that need to be cleared',
    ],
    [
      'Response AddPartitionsToTxn(key: 24, version: 1)',
      'The producer attempted to update a transaction while another concurrent operation on the same transaction was ongoing',
    ],
  ])('logs a retried broker answer (%s: %s) at info', (message, error) => {
    expect(kafkajsLogLevel('error', message, { error })).toBe('info');
  });

  it('logs a rejoin at info and a send about to be retried at warn', () => {
    expect(kafkajsLogLevel('warn', 'The group is rebalancing, re-joining', {})).toBe('info');
    expect(
      kafkajsLogLevel('error', 'Failed to send messages: The broker is not available', {}),
    ).toBe('warn');
  });

  it('logs a refused connect to a lost node, which kafkajs retries elsewhere, at warn', () => {
    expect(
      kafkajsLogLevel('error', 'Connection error: connect ECONNREFUSED 127.0.0.1:28573', {}),
    ).toBe('warn');
    expect(
      kafkajsLogLevel(
        'error',
        'Failed to connect to seed broker, trying another broker from the list: Connection error: connect ECONNREFUSED 127.0.0.1:28573',
        {},
      ),
    ).toBe('warn');
  });

  it('keeps errors that need a human at error', () => {
    expect(
      kafkajsLogLevel('error', 'Response Produce(key: 0, version: 7)', {
        error: 'Not authorized to access topics: [Topic authorization failed]',
      }),
    ).toBe('error');
    expect(kafkajsLogLevel('error', 'Crash: KafkaJSNonRetriableError: fenced', {})).toBe('error');
    expect(kafkajsLogLevel('error', 'Response Produce(key: 0, version: 7)', {})).toBe('error');
  });
});
