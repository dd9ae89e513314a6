export * from './local-stack.js';
export * from './kafka-broker.js';
export * from './redis-server.js';
export { freePort } from './process-utils.js';
export * from './service-process.js';
export * from './gateway-stack.js';
export * from './redis-cluster.js';
