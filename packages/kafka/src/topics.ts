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

/** A topic to create, with its partition count. */
export interface TopicSpec {
  topic: string;
  numPartitions: number;
}

/** The gateway's topics in `namespace`, each with `numPartitions` partitions. */
export function gatewayTopics(numPartitions: number, namespace = ''): TopicSpec[] {
  return Object.values(topicNames(namespace)).map((topic) => ({ topic, numPartitions }));
}
