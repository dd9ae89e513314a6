/** Topic names (ARCHITECTURE.md, "Message flow"). */
export const TOPICS = {
  accepted: 'smsgw.sms.accepted.v1',
  approved: 'smsgw.sms.approved.v1',
  status: 'smsgw.sms.status.v1',
  inbound: 'smsgw.sms.inbound.v1',
} as const;

/** A topic to create, with its partition count. */
export interface TopicSpec {
  topic: string;
  numPartitions: number;
}

/** The gateway's topics, each with `numPartitions` partitions. */
export function gatewayTopics(numPartitions: number): TopicSpec[] {
  return Object.values(TOPICS).map((topic) => ({ topic, numPartitions }));
}
