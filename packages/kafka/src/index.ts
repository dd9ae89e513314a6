export * from './kafkajs-patches.js'; // first: before kafkajs loads
export * from './topics.js';
export * from './partitioner.js';
export * from './client.js';
export * from './batching-producer.js';
export * from './partition-transactor.js';
export * from './transactional-stage.js';
export * from './consumer.js';
export * from './topic-reader.js';
export * from './consumer-health.js';
export * from './lag-monitor.js';
export * from './dead-letters.js';
export * from './acls.js';
