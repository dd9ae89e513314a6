import type { AclEntry } from 'kafkajs';
import { kafkajs } from './kafkajs-runtime.js';
import { namespaced, topicNames, type TopicNames } from './topics.js';

const { AclOperationTypes, AclPermissionTypes, AclResourceTypes, ResourcePatternTypes } = kafkajs;
type AclOperation = (typeof AclOperationTypes)[keyof typeof AclOperationTypes];
type AclResource = (typeof AclResourceTypes)[keyof typeof AclResourceTypes];

type Service = 'ingress' | 'compliance' | 'dispatcher';

/**
 * What each service may do on Kafka: read its input topics, write its outputs, use its own
 * consumer groups and transactional ids (prefixed by its stage names). Nothing else: the
 * dispatcher cannot write `approved`, so only compliance decides what reaches carriers.
 */
const TOPIC_RIGHTS: Record<Service, { read: (keyof TopicNames)[]; write: (keyof TopicNames)[] }> = {
  ingress: { read: ['status'], write: ['accepted', 'deadLetter'] },
  compliance: { read: ['accepted', 'inbound'], write: ['approved', 'status', 'deadLetter'] },
  dispatcher: { read: ['approved'], write: ['status', 'inbound', 'deadLetter'] },
};

/** The ACLs of a service's principal (`User:name`) in a namespace, for an admin to create. */
export function serviceKafkaAcls(service: Service, principal: string, namespace = ''): AclEntry[] {
  const topics = topicNames(namespace);
  const rights = TOPIC_RIGHTS[service];
  const allow = (
    resourceType: AclResource,
    resourceName: string,
    operation: AclOperation,
    pattern = ResourcePatternTypes.LITERAL,
  ): AclEntry => ({
    resourceType,
    resourceName,
    resourcePatternType: pattern,
    principal,
    host: '*',
    operation,
    permissionType: AclPermissionTypes.ALLOW,
  });
  const prefix = namespaced(namespace, `smsgw-${service}`);
  return [
    // The dispatcher reads its input's retention at boot (its ledger must outlive it).
    ...(service === 'dispatcher'
      ? [allow(AclResourceTypes.TOPIC, topics.approved, AclOperationTypes.DESCRIBE_CONFIGS)]
      : []),
    ...rights.read.map((t) => allow(AclResourceTypes.TOPIC, topics[t], AclOperationTypes.READ)),
    ...rights.write.map((t) => allow(AclResourceTypes.TOPIC, topics[t], AclOperationTypes.WRITE)),
    allow(AclResourceTypes.GROUP, prefix, AclOperationTypes.READ, ResourcePatternTypes.PREFIXED),
    allow(
      AclResourceTypes.TRANSACTIONAL_ID,
      prefix,
      AclOperationTypes.WRITE,
      ResourcePatternTypes.PREFIXED,
    ),
  ];
}
