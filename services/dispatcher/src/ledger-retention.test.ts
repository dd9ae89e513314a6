import { GATEWAY_TOPIC_CONFIGS } from '@smsgw/kafka';
import { describe, expect, it } from 'vitest';
import { retentionProblems } from './ledger-retention.js';

const DAY = 86_400_000;
const WEEK = 7 * DAY;

describe('the ledger outlives what the dispatcher could replay', () => {
  it("accepts the gateway's own topic configuration (3 days, in segments of a day)", () => {
    const retentionMs = Number(GATEWAY_TOPIC_CONFIGS['retention.ms']);
    const segmentMs = Number(GATEWAY_TOPIC_CONFIGS['segment.ms']);
    expect(retentionProblems('approved', WEEK, { retentionMs, segmentMs })).toEqual([]);
  });

  it("refuses Kafka's defaults: a week of retention in week-long segments keeps records 14 days", () => {
    expect(retentionProblems('approved', WEEK, { retentionMs: WEEK, segmentMs: WEEK })).toEqual([
      expect.stringContaining('approved can keep a record 14.0 days'),
    ]);
  });

  it('refuses a topic that keeps records for ever, or whose settings cannot be read', () => {
    expect(retentionProblems('approved', WEEK, { retentionMs: -1, segmentMs: DAY })).toEqual([
      expect.stringContaining('for ever'),
    ]);
    expect(retentionProblems('approved', WEEK, { retentionMs: NaN, segmentMs: DAY })).toHaveLength(
      1,
    );
  });
});
