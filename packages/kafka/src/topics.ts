/** Topic names (ARCHITECTURE.md, "Message flow"). */
export const TOPICS = {
  accepted: 'smsgw.sms.accepted.v1',
  approved: 'smsgw.sms.approved.v1',
  status: 'smsgw.sms.status.v1',
  inbound: 'smsgw.sms.inbound.v1',
  /** Records a stage can never process (undecodable, or missing what it needs), with why. */
  deadLetter: 'smsgw.sms.deadletter.v1',
} as const;

export type TopicNames = { readonly [K in keyof typeof TOPICS]: string };

/**
 * Topic names inside a namespace. The namespace (SMSGW_KAFKA_NAMESPACE, empty by default)
 * prefixes topics, consumer groups and transactional ids, so several gateways (or test
 * suites) can share one cluster without seeing each other's records.
 */
export function topicNames(namespace: string): TopicNames {
  const prefix = namespace ? `${namespace}.` : '';
  return {
    accepted: prefix + TOPICS.accepted,
    approved: prefix + TOPICS.approved,
    status: prefix + TOPICS.status,
    inbound: prefix + TOPICS.inbound,
    deadLetter: prefix + TOPICS.deadLetter,
  };
}

/** A consumer group or transactional-id prefix inside a namespace. */
export function namespaced(namespace: string, name: string): string {
  return namespace ? `${namespace}.${name}` : name;
}

/** A topic to create, with its partition count and topic configs. */
export interface TopicSpec {
  topic: string;
  numPartitions: number;
  configs?: Readonly<Record<string, string>>;
}

const DAY_MS = 86_400_000;

/**
 * How long the gateway's records are kept: 3 days, in segments of a day, so no record is older
 * than 4 days (Kafka deletes whole segments). The dispatcher's never-twice ledger keeps an entry
 * 7 days: whatever a stage could replay from its input (a consumer group whose offsets expired
 * reads from the beginning) is still in the ledger. The dispatcher checks this at boot.
 */
export const GATEWAY_TOPIC_CONFIGS: Readonly<Record<string, string>> = {
  'retention.ms': String(3 * DAY_MS),
  'segment.ms': String(DAY_MS),
};

/** The gateway's topics in `namespace`, each with `numPartitions` partitions. */
export function gatewayTopics(numPartitions: number, namespace = ''): TopicSpec[] {
  return Object.values(topicNames(namespace)).map((topic) => ({
    topic,
    numPartitions,
    configs: GATEWAY_TOPIC_CONFIGS,
  }));
}
