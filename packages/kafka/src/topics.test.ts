import { describe, expect, it } from 'vitest';
import { gatewayTopics, namespaced, topicNames } from './topics.js';

describe('topic names', () => {
  it('follow smsgw.<entity>.<event>.v<N> without a namespace', () => {
    expect(topicNames('')).toEqual({
      accepted: 'smsgw.sms.accepted.v1',
      approved: 'smsgw.sms.approved.v1',
      status: 'smsgw.sms.status.v1',
      inbound: 'smsgw.sms.inbound.v1',
      deadLetter: 'smsgw.sms.deadletter.v1',
    });
  });

  it('prefix topics and groups inside a namespace', () => {
    expect(topicNames('e2e-1').accepted).toBe('e2e-1.smsgw.sms.accepted.v1');
    expect(namespaced('e2e-1', 'smsgw-dispatcher')).toBe('e2e-1.smsgw-dispatcher');
    expect(
      gatewayTopics(6, 'x').every((t) => t.numPartitions === 6 && t.topic.startsWith('x.')),
    ).toBe(true);
  });
});
