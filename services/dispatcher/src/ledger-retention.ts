import { ConfigError } from '@smsgw/config';
import { topicRetention, type Kafka } from '@smsgw/kafka';

/**
 * Why the never-twice ledger would not outlive what the dispatcher could replay from `topic`,
 * or none. A record stays in a topic up to retention.ms plus segment.ms (Kafka deletes whole
 * segments); a consumer group whose offsets expired reads its input from the beginning, and a
 * replayed record whose ledger entry has expired would be sent again.
 */
export function retentionProblems(
  topic: string,
  ledgerTtlMs: number,
  { retentionMs, segmentMs }: { retentionMs: number; segmentMs: number },
): string[] {
  const days = (ms: number): string => `${(ms / 86_400_000).toFixed(1)} days`;
  if (retentionMs < 0)
    return [
      `${topic} keeps records for ever (retention.ms -1), past the ledger's ${days(ledgerTtlMs)}: set retention.ms + segment.ms under it`,
    ];
  if (!Number.isFinite(retentionMs) || !Number.isFinite(segmentMs))
    return [`${topic}: retention.ms or segment.ms could not be read`];
  if (retentionMs + segmentMs > ledgerTtlMs)
    return [
      `${topic} can keep a record ${days(retentionMs + segmentMs)} (retention.ms + segment.ms), past the ledger's ${days(ledgerTtlMs)}: a replay after that could resend; lower them (the gateway creates its topics with 3 days and 1 day)`,
    ];
  return [];
}

/** Refuses to start (a ConfigError: exit 78) when the ledger would not outlive the input topic. */
export async function requireLedgerOutlivesInput(
  kafka: Kafka,
  topic: string,
  ledgerTtlMs: number,
): Promise<void> {
  const problems = retentionProblems(topic, ledgerTtlMs, await topicRetention(kafka, topic));
  if (problems.length > 0) throw new ConfigError('Kafka topic configuration', problems);
}
