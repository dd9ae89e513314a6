import { describe, expect, it } from 'vitest';
import { clusterId } from './kafka-broker.js';

describe('Kafka cluster ids', () => {
  it('are 22 URL-safe base64 characters and never start with a dash (the storage tool would read an option)', () => {
    const ids = Array.from({ length: 5000 }, clusterId);
    expect(ids.every((id) => /^[A-Za-z0-9_][A-Za-z0-9_-]{21}$/.test(id))).toBe(true);
  });
});
