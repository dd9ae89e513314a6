export * from './parse-config.js';
export * from './env.js';
export * from './tenants.js';
export * from './tokens.js';
export * from './tenants-watch.js';
export { z } from 'zod';
