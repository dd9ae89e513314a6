export * from './client.js';
export * from './keys.js';
export * from './status-store.js';
